/** SQL of the participation collections, apart from Astro so the Worker tests can run it on D1. */

export interface PublishedReplyRow {
  id: number;
  title: string;
  content: string;
  target_type: 'deputy' | 'station' | 'topic';
  deputy_id: string | null;
  station_id: string | null;
  target_name: string | null;
  category_id: string | null;
  category_name: string | null;
  received_at: string;
  public_reply: string;
  public_reply_at: string;
}

/**
 * Published replies: consent (allow_publication) and staff's choice (reply_is_public) both, never
 * a held or rejected opinion, and no column about the sender.
 */
export const PUBLISHED_REPLIES_QUERY = `
SELECT o.id, o.title, o.content, o.target_type, o.deputy_id, o.station_id, COALESCE(d.name, s.name) AS target_name,
  o.category_id, c.name AS category_name, o.received_at, o.public_reply, o.public_reply_at
FROM opinions o
LEFT JOIN deputies d ON d.id = o.deputy_id
LEFT JOIN stations s ON s.id = o.station_id
LEFT JOIN opinion_categories c ON c.id = o.category_id
WHERE o.allow_publication = 1 AND o.reply_is_public = 1 AND o.public_reply IS NOT NULL
  AND o.public_reply_at IS NOT NULL AND o.status NOT IN ('held', 'rejected')
ORDER BY o.public_reply_at DESC, o.id DESC`;

/** A published reply as the site shows it (domain/opinions.ts PublishedReplyRecord). */
export function publishedReplyRecord(row: PublishedReplyRow): Record<string, unknown> {
  return {
    number: row.id,
    title: row.title,
    content: row.content,
    targetType: row.target_type,
    deputyId: row.deputy_id,
    stationId: row.station_id,
    targetName: row.target_name,
    categoryId: row.category_id,
    categoryName: row.category_name,
    receivedAt: row.received_at,
    reply: row.public_reply,
    repliedAt: row.public_reply_at,
  };
}

export interface OpinionCategoryRow {
  id: string;
  name: string;
  sort_order: number;
}

/** The opinion form's categories: the active ones, in their order. */
export const OPINION_CATEGORIES_QUERY = `
SELECT id, name, sort_order FROM opinion_categories WHERE is_active = 1 ORDER BY sort_order, id`;

/** A category as the opinion form lists it. */
export interface OpinionCategory {
  id: string;
  name: string;
  sortOrder: number;
}

export function opinionCategoryRecord(row: OpinionCategoryRow): Record<string, unknown> {
  return { name: row.name, sortOrder: row.sort_order };
}

export interface NoticeRow {
  id: string;
  title: string;
  body: string;
  published_on: string;
}

/** Short notices written in the staff console, shown with the MDX news. */
export const NOTICES_QUERY = `
SELECT id, title, body, published_on FROM notices WHERE is_visible = 1 ORDER BY published_on DESC, id`;
