import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../lib/errors.ts';
import type { StaffEnv } from './env.ts';
import { errorList, type Html, noticeFrom, page } from './layout.tsx';

type NavKey = Parameters<typeof page>[0]['current'];

/** Renders a console page for the signed-in staff member. */
export function render(
  c: Context<StaffEnv>,
  options: { title: string; current?: NavKey; status?: ContentfulStatusCode },
  body: Child,
): Response | Promise<Response> {
  return c.html(
    page(
      {
        title: options.title,
        staff: c.get('staff'),
        csrfToken: c.get('csrfToken'),
        current: options.current,
        notice: noticeFrom(c.req.query('notice')),
        devSession: c.get('signIn') === 'dev',
      },
      body,
    ),
    options.status ?? 200,
  );
}

/** Where a failed form post sends the reader back to: the page the form was on. */
function backLink(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const parent = trimmed.replace(/\/[^/]+$/, '');
  return /^\/staff(\/[A-Za-z0-9_-]+)*$/.test(parent) && parent.length > 0 ? parent : '/staff';
}

/**
 * The console's errors are pages, not JSON: the same envelope (status, code, zh-CN message, field
 * messages), rendered. Unknown errors never show internals.
 */
export function consoleErrorHandler(
  devSignInAvailable: (c: Context<StaffEnv>) => boolean,
): ErrorHandler<StaffEnv> {
  return (err, c) => {
    let status: ContentfulStatusCode = 503;
    let message = '服务暂时不可用，请稍后再试。';
    let fields: Record<string, string> | undefined;
    if (err instanceof ApiError) {
      status = err.status;
      message = err.message;
      fields = err.fields;
      if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
      if (err.allow) c.header('Allow', err.allow.join(', '));
    } else if (err instanceof HTTPException) {
      status = err.status === 413 ? 413 : err.status;
      message = err.status === 413 ? '上传的文件过大。' : '请求无法处理。';
    } else {
      console.error(`staff console: unhandled ${err.name}: ${err.message.slice(0, 200)}`);
      c.header('Retry-After', '5');
    }
    const signedIn = Boolean(c.get('staff'));
    let extra: Html;
    if (status === 401) {
      extra = devSignInAvailable(c) ? (
        <p>
          <a href="/staff/sign-in">前往本地开发登录</a>
        </p>
      ) : (
        <p>请通过本单位的统一身份认证（Cloudflare Access）访问工作人员后台。</p>
      );
    } else if (c.req.method === 'POST') {
      extra = (
        <p>
          <a href={backLink(c.req.path)}>返回上一页</a>
        </p>
      );
    } else {
      extra = (
        <p>
          <a href="/staff">返回工作台</a>
        </p>
      );
    }
    return c.html(
      page(
        {
          title: status === 401 ? '需要登录' : '无法完成操作',
          staff: signedIn ? c.get('staff') : null,
          // An error can come before the CSRF middleware has set the token.
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
          csrfToken: c.get('csrfToken') ?? '',
          devSession: c.get('signIn') === 'dev',
        },
        <>
          <h1>{status === 401 ? '需要登录' : '无法完成操作'}</h1>
          <p class="alert" role="alert">
            {message}
          </p>
          {errorList(fields)}
          {extra}
        </>,
      ),
      status,
    );
  };
}
