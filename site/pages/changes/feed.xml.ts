import type { APIRoute } from 'astro';
import { changeLogEntityTypeLabels } from '#domain/change-log.ts';
import { atomFeed } from '../../lib/atom.ts';
import { changeEntryHref, changeFieldLabel, changeSummary, changeTarget } from '../../lib/records/changes.ts';
import { getRecordsModel } from '../../lib/records/model.ts';

const ENTRIES = 50;

/** Atom feed of edits and status changes of official records (the public change log). */
export const GET: APIRoute = async ({ site }) => {
  const model = await getRecordsModel();
  const base = site ?? new URL('http://localhost:8787');
  const body = atomFeed({
    title: `${model.portalName}：记录修改和状态变化`,
    subtitle: '代表信息、议案建议办理状态、承诺事项等正式记录的每一次修改。',
    selfUrl: new URL('/changes/feed.xml', base).href,
    pageUrl: new URL('/changes/', base).href,
    author: model.portalName,
    fallbackUpdated: model.builtAt,
    entries: model.changes.slice(0, ENTRIES).map((e) => {
      const target = changeTarget(model, e);
      const listed = changeEntryHref(model, e) ?? '/changes/';
      const link = new URL(target?.href ?? listed, base).href;
      const what = `${changeLogEntityTypeLabels[e.entityType]}「${target?.label ?? e.entityId}」`;
      return {
        // The entry id never changes even as the entry moves to later pages of /changes/.
        id: new URL(`/changes/#change-${e.id}`, base).href,
        title: `${what}${changeSummary(e)}`,
        updated: e.at,
        link,
        summary: e.note || `${what}的${changeFieldLabel(e)}已修改。`,
      };
    }),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
