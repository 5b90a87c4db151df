import type { PublishedReplyRecord } from '#domain/opinions.ts';
import { publishedReplies as readPublishedReplies } from '../../../lib/published.ts';

/** The published replies (consent given, shown by staff), newest reply first, and their groupings. */
export async function publishedReplies(): Promise<PublishedReplyRecord[]> {
  return [...(await readPublishedReplies())].sort(
    (a, b) => b.repliedAt.localeCompare(a.repliedAt) || b.number - a.number,
  );
}

export interface ReplyGroup {
  id: string;
  name: string;
  replies: PublishedReplyRecord[];
}

/** Replies grouped by deputy, station or category (only groups that have any). */
export function groupBy(
  replies: readonly PublishedReplyRecord[],
  key: (r: PublishedReplyRecord) => { id: string | null; name: string | null },
): ReplyGroup[] {
  const groups = new Map<string, ReplyGroup>();
  for (const reply of replies) {
    const { id, name } = key(reply);
    if (id === null) continue;
    const group = groups.get(id) ?? { id, name: name ?? id, replies: [] };
    group.replies.push(reply);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export const byDeputy = (r: PublishedReplyRecord) => ({
  id: r.targetType === 'deputy' ? r.deputyId : null,
  name: r.targetName,
});
export const byStation = (r: PublishedReplyRecord) => ({
  id: r.targetType === 'station' ? r.stationId : null,
  name: r.targetName,
});
export const byCategory = (r: PublishedReplyRecord) => ({ id: r.categoryId, name: r.categoryName });

/** "2026-03-05T01:02:03Z" as a Beijing date. */
export function beijingDate(utc: string): string {
  return new Date(Date.parse(utc) + 8 * 3600_000).toISOString().slice(0, 10);
}
