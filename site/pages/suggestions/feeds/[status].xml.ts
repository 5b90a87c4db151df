import type { APIRoute, GetStaticPaths } from 'astro';
import { suggestionKindLabels, suggestionStatuses, suggestionStatusLabels } from '#domain/suggestions.ts';
import { atomFeed, rfc3339 } from '../../../lib/atom.ts';
import { getRecordsModel } from '../../../lib/records/model.ts';

export const getStaticPaths = (() =>
  suggestionStatuses.map((status) => ({ params: { status } }))) satisfies GetStaticPaths;

const ENTRIES = 50;

/** Atom feed of the motions and suggestions in one handling status, latest movement first. */
export const GET: APIRoute = async ({ params, site }) => {
  const model = await getRecordsModel();
  const status = suggestionStatuses.find((s) => s === params.status);
  if (!status) return new Response('没有这个办理状态。', { status: 404 });
  const base = site ?? new URL('http://localhost:8787');
  // When an item last moved: its latest reply, else when it was filed.
  const movedOn = (item: (typeof model.items)[number]) =>
    item.replies.reduce((latest, r) => (r.repliedOn > latest ? r.repliedOn : latest), item.filedOn);
  const items = model.items
    .filter((item) => item.status === status)
    .map((item) => ({ item, on: movedOn(item) }))
    .sort((a, b) => b.on.localeCompare(a.on) || a.item.id.localeCompare(b.item.id))
    .slice(0, ENTRIES);
  const body = atomFeed({
    title: `${model.portalName}：${suggestionStatusLabels[status]}的议案建议`,
    subtitle: `办理状态为“${suggestionStatusLabels[status]}”的议案和建议，按最近进展排列。`,
    selfUrl: new URL(`/suggestions/feeds/${status}.xml`, base).href,
    pageUrl: new URL(items.length > 0 ? `/suggestions/status/${status}/` : '/suggestions/', base).href,
    author: model.portalName,
    fallbackUpdated: model.builtAt,
    entries: items.map(({ item, on }) => {
      const link = new URL(`/suggestions/${item.id}/`, base).href;
      return {
        id: `${link}#status-${status}`,
        title: `${suggestionKindLabels[item.kind]}第${item.number}号：${item.title}`,
        updated: rfc3339(on),
        link,
        summary: `${item.leadDeputy.name}领衔，${model.sessionName(item.sessionId)}；当前状态：${suggestionStatusLabels[status]}。`,
      };
    }),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
