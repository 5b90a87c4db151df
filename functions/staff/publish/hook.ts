import { type BuildHookStatus, BuildHookStatus as BuildHookStatusSchema } from './schema.ts';

/**
 * The rebuild trigger. In production DEPLOY_HOOK_URL is a Cloudflare deploy hook (a secret URL, set
 * with `wrangler secret put`); locally it is the build-hook server of `npm start`
 * (scripts/build-hook.ts), which also wants the shared secret header.
 */

export const HOOK_SECRET_HEADER = 'X-Build-Hook-Secret';

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

function hookUrl(env: Env): URL | null {
  const raw = env.DEPLOY_HOOK_URL;
  if (!raw) return null;
  try {
    const url = new URL(raw);
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    // Only the local hook may be plain http.
    if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return url;
  } catch {
    // Misconfigured: treated as absent.
  }
  return null;
}

function headers(env: Env): Record<string, string> {
  const out: Record<string, string> = { 'Content-Type': 'application/json' };
  if (env.DEPLOY_HOOK_SECRET) out[HOOK_SECRET_HEADER] = env.DEPLOY_HOOK_SECRET;
  return out;
}

export async function triggerDeployHook(
  env: Env,
  version: string,
  fetcher: Fetcher = fetch,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const url = hookUrl(env);
  if (!url) return { ok: false, message: '未配置网站重建地址（DEPLOY_HOOK_URL）。' };
  try {
    const response = await fetcher(url.toString(), {
      method: 'POST',
      headers: headers(env),
      body: JSON.stringify({ version }),
      signal: AbortSignal.timeout(10_000),
    });
    // Drain the body so the connection is released.
    await response.arrayBuffer();
    if (response.ok) return { ok: true };
    return { ok: false, message: `重建服务拒绝了请求（HTTP ${response.status}）。` };
  } catch {
    return { ok: false, message: '无法连接网站重建服务，请确认它正在运行。' };
  }
}

/** The local build hook's /status, next to its /rebuild; null for a Cloudflare deploy hook. */
export async function readHookStatus(env: Env, fetcher: Fetcher = fetch): Promise<BuildHookStatus | null> {
  const url = hookUrl(env);
  if (!url || url.protocol !== 'http:' || !url.pathname.endsWith('/rebuild')) return null;
  url.pathname = url.pathname.replace(/\/rebuild$/, '/status');
  try {
    const response = await fetcher(url.toString(), {
      headers: headers(env),
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) return null;
    const parsed = BuildHookStatusSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
