import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorPageBody } from '../ui/error-page.tsx';
import { respondWithPage } from '../ui/page.tsx';

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
  /** A 405's methods, sent as the Allow header. */
  readonly allow: readonly string[] | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    options: { fields?: Record<string, string>; retryAfterSeconds?: number; allow?: readonly string[] } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.allow = options.allow;
  }
}

/** A 400 with one message per field (keys are paths such as "target.id"). */
export function validationError(fields: Record<string, string>): ApiError {
  return new ApiError(400, 'validation_failed', '提交的内容有误，请按提示修改后再试。', { fields });
}

/** Names of the public form fields, for listing problems on the no-JavaScript result page. */
export const FIELD_LABELS: Record<string, string> = {
  target: '意见对象',
  'target.type': '意见对象',
  'target.id': '意见对象',
  category: '类别',
  title: '标题',
  content: '内容',
  name: '称呼',
  contact: '联系方式',
  consent: '个人信息处理说明',
  allowPublication: '同意公开',
  trackingCode: '查询码',
  resolved: '问题是否解决',
  comment: '补充说明',
  choices: '所选项目',
  votingCode: '投票码',
  receipt: '回执码',
};

const PAGE_TITLES: Partial<Record<number, string>> = {
  400: '提交的内容需要修改',
  401: '需要登录',
  403: '这次提交未被受理',
  404: '没有找到',
  405: '不支持这种请求方式',
  409: '无法完成这次提交',
  413: '提交的内容过长',
  415: '提交方式不正确',
  429: '操作过于频繁',
  503: '服务暂时不可用',
};

/**
 * Plain HTML form posts (no JavaScript) get the same error as a small page: the message, the
 * fields to fix, and the way back. A route marks such requests with responseFormat = 'html'.
 */
function errorPage(c: Context, status: ContentfulStatusCode, body: ErrorBody): Response | Promise<Response> {
  const { message, fields } = body.error;
  // A plain form post from one of the site's form pages is answered with that page again instead
  // (lib/form-errors.ts, applied by acceptSubmission); this page is the fallback.
  return respondWithPage(
    c,
    status,
    PAGE_TITLES[status] ?? '请求无法处理',
    errorPageBody({ message, fields, labels: FIELD_LABELS }),
  );
}

/** Whether the request is a browser's navigation (a link, a form), which asks for HTML first. */
export function acceptsHtml(request: Request): boolean {
  return (request.headers.get('Accept') ?? '').toLowerCase().includes('text/html');
}

/**
 * A browser's form post, told from its headers alone: what acceptSubmission answers with a page,
 * for the refusals that come before it reads the body (another site's post, a wrong method).
 */
function isBrowserFormPost(request: Request): boolean {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') return true;
  return (type === 'multipart/form-data' || type === 'text/plain') && acceptsHtml(request);
}

/**
 * The answer's format: what the route set (responseFormat), else a page for a browser's form post
 * or for a browser's request outside /api/ (a link to /prefs/elder or /files/… opened in a tab),
 * else the JSON envelope.
 */
function respond(c: Context, status: ContentfulStatusCode, body: ErrorBody): Response | Promise<Response> {
  const format: unknown = c.get('responseFormat');
  const page =
    format === 'html' ||
    (format === undefined &&
      (isBrowserFormPost(c.req.raw) || (!c.req.path.startsWith('/api/') && acceptsHtml(c.req.raw))));
  return page ? errorPage(c, status, body) : c.json(body, status);
}

export function errorBody(code: string, message: string, fields?: Record<string, string>): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * app.onError: known errors keep their status and message; anything else (a D1 failure, a bug)
 * becomes a 503 with no internal detail, so no stack trace, SQL or D1 text reaches the client.
 */
export function handleError(err: Error, c: Context): Response | Promise<Response> {
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
    if (err.allow) c.header('Allow', err.allow.join(', '));
    return respond(c, err.status, errorBody(err.code, err.message, err.fields));
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 413) return respond(c, 413, errorBody('payload_too_large', '提交的内容过大。'));
    if (status === 400 && err.message.includes('JSON')) {
      return respond(c, 400, errorBody('invalid_json', '提交的内容不是有效的 JSON。'));
    }
    if (status === 400) return respond(c, 400, errorBody('bad_request', '请求格式不正确。'));
    return respond(c, status, errorBody('http_error', '请求无法处理。'));
  }
  // Log only the error class and message, never request bodies (they may hold personal data).
  console.error(`unhandled ${err.name}: ${err.message.slice(0, 200)}`);
  c.header('Retry-After', '5');
  return respond(c, 503, errorBody('unavailable', '服务暂时不可用，请稍后再试。'));
}
