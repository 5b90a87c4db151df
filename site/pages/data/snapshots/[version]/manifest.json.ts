import type { APIRoute, GetStaticPaths } from 'astro';
import { getRecordsModel } from '../../../../lib/records/model.ts';
import { dataFiles } from '../../../../lib/records/snapshot.ts';

// The current manifest and every archived one (older ones without per-record hashes).
export const getStaticPaths = (async () => {
  const files = await dataFiles(await getRecordsModel());
  return [files.manifest, ...files.archived].map((m) => ({
    params: { version: m.version },
    props: { json: m === files.manifest ? files.manifestJson : JSON.stringify(m) },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(String(props.json), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
