/**
 * The benchmark's bare Worker: one D1 insert, or one constant response. No framework, no
 * validation, no rate limit: the most a Worker on this machine can do per request.
 */
interface BareEnv {
  DB: D1Database;
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/insert' && request.method === 'POST') {
      const body = await request.text();
      await env.DB.prepare('INSERT INTO bench_rows (body) VALUES (?1)').bind(body).run();
      return Response.json({ ok: true }, { status: 201 });
    }
    if (pathname === '/static') {
      return Response.json({ ok: true });
    }
    // The readiness probe of bench/server.ts.
    if (pathname === '/api/health') return new Response('ok');
    return new Response('not found', { status: 404 });
  },
} satisfies ExportedHandler<BareEnv>;
