/**
 * The fields staff change, as one JSON text computed by SQLite. Read with the record, it is both
 * the audit "before" and the optimistic-concurrency guard: an update applies only while the row
 * still has exactly this snapshot (same status, same station, same reply…).
 */
export const OPINION_SNAPSHOT = `json_object('status', status, 'category_id', category_id, 'layer', layer,
  'target_type', target_type, 'deputy_id', deputy_id, 'station_id', station_id,
  'forwarded_unit_id', forwarded_unit_id, 'due_on', due_on, 'public_reply', public_reply,
  'public_reply_at', public_reply_at, 'reply_is_public', reply_is_public)`;
