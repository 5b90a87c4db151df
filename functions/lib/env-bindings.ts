/**
 * Bindings this feature adds to the generated Env (functions/worker-configuration.d.ts).
 * The rate limiters are declared in wrangler.toml; `npm run types` also generates them, and the
 * identical declarations merge. The Turnstile values are optional: secrets are never in
 * wrangler.toml (set with `wrangler secret put TURNSTILE_SECRET`, or in .dev.vars locally).
 */
declare global {
  interface ParticipationBindings {
    /** Opinion submissions per client address. */
    OPINION_LIMITER: RateLimit;
    /** Tracking-code lookups, feedback and receipt checks per client address. */
    LOOKUP_LIMITER: RateLimit;
    /** Ballots per client address in open rounds (one per browser besides). */
    BALLOT_LIMITER: RateLimit;
    /**
     * Ballots per client address in rounds with one-time codes: generous, since a station's shared
     * Wi-Fi puts many voters behind one address (the codes themselves stop repeat voting).
     */
    CODE_BALLOT_LIMITER: RateLimit;
    /** Turnstile secret key; when absent the Turnstile check is off. */
    TURNSTILE_SECRET?: string;
    /** Turnstile site key (public), put into form pages when the check is on. */
    TURNSTILE_SITE_KEY?: string;
    /** Secret receipts of ballots are derived with (HMAC); a Worker secret, never in wrangler.toml. */
    RECEIPT_SECRET?: string;
    /** "production" in wrangler.toml's production vars: missing secrets fail closed there. */
    ENVIRONMENT?: string;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Env extends ParticipationBindings {}
  // The generated types declare Cloudflare.Env as a namespace member; augmenting it needs one.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Cloudflare {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends ParticipationBindings {}
  }
}

export {};
