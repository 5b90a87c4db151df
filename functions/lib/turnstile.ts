import { z } from 'zod';
import './env-bindings.ts';
import { ApiError } from './errors.ts';

/**
 * Cloudflare Turnstile, checked on the server. Without TURNSTILE_SECRET the check is off (local
 * development, tests) and the Worker says so once; with it, a missing or refused token is 403 and
 * a check that cannot be completed (siteverify unreachable or failing) is 503: never let through.
 * In production (ENVIRONMENT = "production", wrangler.toml's production vars) a missing secret is
 * a configuration error, not "off": every submission is refused with 503 and the log says why.
 */

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const TIMEOUT_MS = 5000;

type TurnstileEnv = Pick<Env, 'TURNSTILE_SECRET' | 'TURNSTILE_SITE_KEY' | 'ENVIRONMENT'>;

let announced = false;

/** True in the production environment, by its explicit variable (never guessed from a hostname). */
export function isProduction(env: Pick<Env, 'ENVIRONMENT'>): boolean {
  return env.ENVIRONMENT === 'production';
}

/** Production without the secret: refuse, and say why in the log on every refusal. */
function refuseUnconfigured(): ApiError {
  console.error(
    'Turnstile: TURNSTILE_SECRET is not set in production (ENVIRONMENT=production); public forms are ' +
      'refused with 503 until it is set (wrangler secret put TURNSTILE_SECRET --env production).',
  );
  return new ApiError(
    503,
    'turnstile_not_configured',
    '本站的人机验证尚未配置完成，暂时无法受理在线提交。请稍后再试，或到代表联络站当面反映。',
    { retryAfterSeconds: 300 },
  );
}

/** True when the server checks Turnstile tokens; logs once per isolate when it does not. */
export function turnstileEnabled(env: TurnstileEnv): boolean {
  if (env.TURNSTILE_SECRET) {
    if (!announced && !env.TURNSTILE_SITE_KEY) {
      announced = true;
      console.warn('Turnstile: TURNSTILE_SECRET is set but TURNSTILE_SITE_KEY is not; forms cannot pass.');
    }
    return true;
  }
  if (isProduction(env)) return true;
  if (!announced) {
    announced = true;
    console.warn('Turnstile check is OFF: no TURNSTILE_SECRET configured (fine for local development only).');
  }
  return false;
}

const SiteverifyResponse = z.object({
  success: z.boolean(),
  'error-codes': z.array(z.string()).default([]),
});

export type TurnstileVerdict = 'pass' | 'refused' | 'unavailable';

/** Reads a siteverify answer: refused tokens are the sender's problem, internal errors are ours. */
export function interpretSiteverify(status: number, body: unknown): TurnstileVerdict {
  if (status >= 500 || status === 429) return 'unavailable';
  const parsed = SiteverifyResponse.safeParse(body);
  if (!parsed.success) return 'unavailable';
  if (parsed.data.success) return 'pass';
  const codes = parsed.data['error-codes'];
  if (
    codes.includes('internal-error') ||
    codes.includes('missing-input-secret') ||
    codes.includes('invalid-input-secret')
  ) {
    return 'unavailable';
  }
  return 'refused';
}

/** Throws 403 or 503 unless the token passes (or the check is off). */
export async function verifyTurnstile(
  env: TurnstileEnv,
  token: string | undefined,
  remoteIp: string | null,
): Promise<void> {
  if (!turnstileEnabled(env)) return;
  if (!env.TURNSTILE_SECRET) throw refuseUnconfigured();
  if (!token) {
    throw new ApiError(403, 'turnstile_required', '请先完成页面上的人机验证（需要开启 JavaScript）。');
  }
  const form = new FormData();
  form.set('secret', env.TURNSTILE_SECRET ?? '');
  form.set('response', token);
  if (remoteIp) form.set('remoteip', remoteIp);
  let verdict: TurnstileVerdict;
  try {
    const response = await fetch(SITEVERIFY_URL, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    verdict = interpretSiteverify(response.status, await response.json().catch(() => null));
  } catch {
    verdict = 'unavailable';
  }
  if (verdict === 'unavailable') {
    throw new ApiError(503, 'turnstile_unavailable', '人机验证暂时无法完成，请稍后再试。', {
      retryAfterSeconds: 30,
    });
  }
  if (verdict === 'refused') {
    throw new ApiError(403, 'turnstile_failed', '人机验证未通过或已过期，请刷新页面后重新验证。');
  }
}
