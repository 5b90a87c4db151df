/**
 * The portal's Worker with its D1 binding metered (bench only, never deployed): every answer
 * carries `X-Bench-D1: {"rowsRead":…,"rowsWritten":…,"queries":…,"batches":…}`, summed from the
 * `meta` that D1 returns for each statement, so `npm run bench` can report rows per operation.
 */
import worker from '../functions/app.ts';
import { meteredDatabase } from './d1-meter.ts';

export default {
  async fetch(request, env, ctx) {
    const meter = meteredDatabase(env.DB);
    const response = await worker.fetch(request, { ...env, DB: meter.db }, ctx);
    const metered = new Response(response.body, response);
    metered.headers.set('X-Bench-D1', JSON.stringify(meter.usage));
    return metered;
  },
} satisfies ExportedHandler<Env>;
