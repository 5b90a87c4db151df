import type { APIRoute } from 'astro';
import { activityTypeLabels, deputyStatusLabels } from '#domain/deputies.ts';
import { suggestionKindLabels } from '#domain/suggestions.ts';
import { reportFormLabels } from '#domain/reports.ts';
import { atomFeed, rfc3339, type AtomEntry } from '../../../lib/atom.ts';
import { loadDeputyFeed } from '../../../lib/live/feeds.ts';
import { liveDatabase } from '../../../lib/live/database.ts';
import { recordId } from '../../../lib/live/params.ts';
import { loadContext } from '../../../lib/live/people.ts';
import { contentHash } from '../../../lib/format.ts';

// Rendered by the Worker from D1 on request, like the profile (one file per deputy would grow
// with the city); cached per publish version (functions/lib/edge-cache.ts).
export const prerender = false;

/** The newest entries of a deputy's public record, newest first. */
const MAX_ENTRIES = 40;

export const GET: APIRoute = async ({ params, site }) => {
  const id = recordId(params.id);
  const db = liveDatabase();
  const [context, feed] = await Promise.all([loadContext(db), id ? loadDeputyFeed(db, id) : null]);
  if (!feed) return new Response('未找到该代表。', { status: 404 });
  const d = feed.deputy;
  const data = { settings: context.settings };
  const base = (site?.href ?? 'http://localhost:8787/').replace(/\/$/, '');
  const page = `${base}/deputies/${d.id}/`;
  const entries: AtomEntry[] = [
    ...d.statusHistory.map((e) => ({
      id: `${page}#status-${e.effectiveOn}-${e.status}`,
      title: `任职状态：${deputyStatusLabels[e.status]}`,
      updated: rfc3339(e.effectiveOn),
      link: page,
      summary: `${e.effectiveOn} ${deputyStatusLabels[e.status]}${e.reason ? `：${e.reason}` : ''}`,
    })),
    ...d.activities.map((a) => ({
      id: `${page}#activity-${a.occurredOn}-${contentHash(a.title)}`,
      title: `${activityTypeLabels[a.type]}：${a.title}`,
      updated: rfc3339(a.occurredOn),
      link: `${page}#duty`,
      summary: `${a.occurredOn}，${activityTypeLabels[a.type]}，${a.days} 天。`,
    })),
    ...d.suggestions.map((s) => ({
      id: `${base}/suggestions/${s.id}/#${s.role}-${d.id}`,
      title: `${s.role === 'lead' ? '领衔' : '附议'}${suggestionKindLabels[s.kind]}：${s.title}`,
      updated: rfc3339(s.filedOn),
      link: `${base}/suggestions/${s.id}/`,
      summary: `${suggestionKindLabels[s.kind]}第${s.number}号，${s.filedOn}提出。`,
    })),
    ...feed.reports.map((r) => ({
      id: `${base}/reports/${r.id}/`,
      title: `${r.year}年度履职报告`,
      updated: r.publishedAt,
      link: `${base}/reports/${r.id}/`,
      summary: `${r.reportedOn}向${r.audience}${reportFormLabels[r.form]}。`,
    })),
  ]
    .sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated) || a.id.localeCompare(b.id))
    .slice(0, MAX_ENTRIES);
  const body = atomFeed({
    id: page,
    title: `${d.name}的履职动态 - ${data.settings.portalName}`,
    selfUrl: `${page}feed.xml`,
    pageUrl: page,
    author: data.settings.congressName || data.settings.portalName,
    fallbackUpdated: rfc3339(d.updatedAt),
    entries,
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
