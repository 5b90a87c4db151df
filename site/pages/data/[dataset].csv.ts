import type { APIRoute, GetStaticPaths } from 'astro';
import { getRecordsModel } from '../../lib/records/model.ts';
import { dataFiles } from '../../lib/records/snapshot.ts';

export const getStaticPaths = (async () => {
  const files = await dataFiles(await getRecordsModel());
  // One file per dataset, or one per part of a dataset published in parts (per session or year).
  return [...files.csv.keys()].map((file) => ({ params: { dataset: file } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const files = await dataFiles(await getRecordsModel());
  const text = files.csv.get(params.dataset ?? '');
  if (text === undefined) throw new Error(`no dataset ${params.dataset}`);
  return new Response(text, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
