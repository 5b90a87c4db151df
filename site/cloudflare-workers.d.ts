// What the site's on-request pages use of the Worker runtime module (the full types live in
// functions/worker-configuration.d.ts, which the site's Node-typed pages cannot include).
declare module 'cloudflare:workers' {
  export const env: { DB: import('@cloudflare/workers-types').D1Database };
}
