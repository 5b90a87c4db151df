import type { Context, MiddlewareHandler } from 'hono';
import { basePath } from 'hono/route';
import type { RouterRoute } from 'hono/types';
import { ApiError, handleError } from './errors.ts';

/**
 * 405 for a path served under other methods (a GET of a POST-only form, a PUT or OPTIONS
 * anywhere), so a caller learns the method is wrong rather than that the address is. Hono itself
 * answers any unmatched method as not found. OPTIONS is never served: the Worker answers no
 * cross-origin request, so a CORS preflight gets the 405 and its Allow, and no Access-Control header.
 */

/** Route path → its pattern, compiled once per isolate: the guard runs on every request. */
const patterns = new Map<string, RegExp>();

function pattern(path: string): RegExp {
  const known = patterns.get(path);
  if (known) return known;
  const segments = path
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment.startsWith(':')
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  const compiled = new RegExp(`^${segments.join('/')}/?$`);
  patterns.set(path, compiled);
  return compiled;
}

/** The methods `routes` answer at `path` (GET brings HEAD); middleware and catch-alls (ALL) are not routes. */
function allowedMethods(routes: readonly RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || !pattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods];
}

/** Astro's pages and the static files (paths no Hono route serves) are read-only. */
export const PAGE_METHODS: readonly string[] = ['GET', 'HEAD'];

/** The one 405: a zh-CN message naming the methods the address takes, and the Allow header. */
export function methodNotAllowed(method: string, allowed: readonly string[]): ApiError {
  // A method is a token of the request line; cut it short so an absurd one cannot fill the page.
  return new ApiError(
    405,
    'method_not_allowed',
    `这个地址不接受 ${method.slice(0, 20)} 请求（可用：${allowed.join('、')}）。`,
    { allow: allowed },
  );
}

/**
 * The API's 404. A wrong method on a path that exists never gets here: methodGuard answered it
 * with its 405 before any catch-all runs.
 */
export function apiNotFound(c: Context): Response | Promise<Response> {
  return handleError(new ApiError(404, 'not_found', '未找到请求的内容。'), c);
}

/**
 * Refuses a method the path is not served under, before CSRF checks, sign-in or a body is read:
 * the methods of the app's routes at that path (relative to where the app is mounted), or
 * `otherwise(path)` for a path no route serves (null: let it through to its 404).
 */
export function methodGuard(
  routes: () => readonly RouterRoute[],
  otherwise: (path: string) => readonly string[] | null,
): MiddlewareHandler {
  return async (c, next) => {
    const base = basePath(c);
    const path = base === '/' ? c.req.path : c.req.path.slice(base.length) || '/';
    const found = allowedMethods(routes(), path);
    const allowed = found.length > 0 ? found : otherwise(path);
    if (allowed && !allowed.includes(c.req.method)) throw methodNotAllowed(c.req.method, allowed);
    await next();
  };
}
