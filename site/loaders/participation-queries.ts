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
