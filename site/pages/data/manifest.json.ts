import type { APIRoute } from 'astro';
import { getRecordsModel } from '../../lib/records/model.ts';
import { dataFiles } from '../../lib/records/snapshot.ts';

/** The current snapshot's manifest at a stable address (also under /data/snapshots/<version>/). */
export const GET: APIRoute = async () => {
  const files = await dataFiles(await getRecordsModel());
  return new Response(files.manifestJson, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
