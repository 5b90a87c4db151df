import type { StaffUser } from './auth/schema.ts';
import type { Fetcher } from './publish/hook.ts';

declare global {
  interface Env {
    /**
     * Shared secret sent to the local build hook (X-Build-Hook-Secret). A secret, not a var: set by
     * `npm start` with `wrangler dev --var`, or in .dev.vars. Unset in production, where the
     * Cloudflare deploy hook URL carries its own secret.
     */
    DEPLOY_HOOK_SECRET?: string;
    /** "required": a reply waits for a second staff member's review before the citizen sees it. */
    REPLY_REVIEW?: string;
  }
}

/** Hono environment of the staff console and API: the signed-in staff member and the CSRF token. */
export interface StaffEnv {
  Bindings: Env;
  Variables: {
    staff: StaffUser;
    csrfToken: string;
    /** How this request was signed in: Cloudflare Access, or the local development sign-in. */
    signIn: 'access' | 'dev';
    /** How the rebuild hook is called (global fetch; tests bring their own). */
    deployHookFetch: Fetcher;
  };
}
