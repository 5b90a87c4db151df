import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error envelope every API error uses. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** An error with a stable code and a zh-CN message, safe to show to the public. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function errorBody(code: string, message: string, fields?: Record<string, string>): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * app.onError: known errors keep their status and message; anything else (a D1 failure, a bug)
 * becomes a 503 with no internal detail, so no stack trace, SQL or D1 text reaches the client.
 */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json(errorBody(err.code, err.message, err.fields), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return c.json(errorBody('payload_too_large', '提交的内容过大。'), 413);
    return c.json(errorBody('http_error', '请求无法处理。'), status);
  }
  // Log only the error class and message, never request bodies (they may hold personal data).
  console.error(`unhandled ${err.name}: ${err.message.slice(0, 200)}`);
  c.header('Retry-After', '5');
  return c.json(errorBody('unavailable', '服务暂时不可用，请稍后再试。'), 503);
}

export function notFound(c: Context): Response {
  return c.json(errorBody('not_found', '未找到请求的内容。'), 404);
}
