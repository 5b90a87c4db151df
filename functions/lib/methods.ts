import type { Context } from 'hono';
import type { RouterRoute } from 'hono/types';
import { errorBody, notFound } from './errors.ts';

/**
 * 405 for a path the API serves with other methods (an OPTIONS, PUT or DELETE to a POST-only
 * route), so a caller learns the method is wrong rather than that the address is. Hono itself
 * answers any unmatched method as not found.
 */

function pattern(path: string): RegExp {
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
  return new RegExp(`^${segments.join('/')}/?$`);
}

/** The methods `routes` answer at `path` (GET brings HEAD); middleware and catch-alls (ALL) are not routes. */
export function allowedMethods(routes: readonly RouterRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === 'ALL' || !pattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods];
}

/** 405 with Allow when the path exists under other methods, else the API's 404. */
export function methodNotAllowedOrNotFound(c: Context, allowed: readonly string[]): Response {
  if (allowed.length === 0 || allowed.includes(c.req.method)) return notFound(c);
  c.header('Allow', allowed.join(', '));
  return c.json(
    errorBody('method_not_allowed', `这个地址不接受 ${c.req.method} 请求（可用：${allowed.join('、')}）。`),
    405,
  );
}
