// What the site's on-request pages use of the Worker runtime module (the full types live in
// functions/worker-configuration.d.ts, which the site's Node-typed pages cannot include).
declare module 'cloudflare:workers' {
  import type { D1Database } from '@cloudflare/workers-types';
  export const env: { DB: D1Database; CONTACT_RETENTION_DAYS?: string };
}
