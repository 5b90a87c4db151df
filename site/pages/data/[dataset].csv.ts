import { readFile } from 'node:fs/promises';
import type { APIRoute, GetStaticPaths } from 'astro';
import { getRecordsModel } from '../../lib/records/model.ts';
import { dataFiles } from '../../lib/records/snapshot.ts';

export const getStaticPaths = (async () => {
  const files = await dataFiles(await getRecordsModel());
  // One file per dataset, or one per part of a dataset published in parts (per session or year).
  return [...files.csvFiles.keys()].map((file) => ({ params: { dataset: file } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const files = await dataFiles(await getRecordsModel());
  const path = files.csvFiles.get(params.dataset ?? '');
  if (path === undefined) throw new Error(`no dataset ${params.dataset}`);
  // Written by dataFiles while it hashed them; served as they are.
  return new Response(await readFile(path), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
