/** SQL the content loaders run at build time, one query per collection. */

export interface DeputyRow {
  id: string;
  name: string;
  gender: string;
  ethnicity: string;
  birth_year: number | null;
  political_affiliation: string | null;
  photo_path: string | null;
  level: string;
  congress_id: string;
  congress_name: string;
  term_id: string;
  term_number: number;
  term_is_current: number;
  term_starts_on: string;
  term_ends_on: string;
  electoral_unit_id: string;
  electoral_unit_name: string;
  electoral_unit_kind: string;
  area_ids: string;
  unit_position: string;
  holds_official_post: number;
  is_reelected: number;
  office_phone: string | null;
  office_email: string | null;
  status: string;
  status_since: string;
  status_history: string;
  expertise: string;
  groups: string;
  station_ids: string;
  activities: string;
  suggestions: string;
  updated_at: string;
}

export const DEPUTIES_QUERY = `
SELECT d.id, d.name, d.gender, d.ethnicity, d.birth_year, d.political_affiliation, d.photo_path,
  c.level, c.id AS congress_id, c.name AS congress_name,
  t.id AS term_id, t.number AS term_number, t.is_current AS term_is_current,
  t.starts_on AS term_starts_on, t.ends_on AS term_ends_on,
  eu.id AS electoral_unit_id, eu.name AS electoral_unit_name, eu.kind AS electoral_unit_kind,
  (SELECT json_group_array(area_id) FROM electoral_unit_areas WHERE electoral_unit_id = eu.id) AS area_ids,
  d.unit_position, d.holds_official_post, d.is_reelected, d.office_phone, d.office_email,
  d.status, d.status_since,
  (SELECT json_group_array(json_object('status', status, 'effectiveOn', effective_on, 'reason', reason))
     FROM (SELECT * FROM deputy_status_events WHERE deputy_id = d.id ORDER BY effective_on, id)) AS status_history,
  (SELECT json_group_array(field) FROM deputy_expertise WHERE deputy_id = d.id) AS expertise,
  (SELECT json_group_array(json_object('id', g.id, 'name', g.name, 'role', m.role))
     FROM deputy_group_members m JOIN deputy_groups g ON g.id = m.group_id WHERE m.deputy_id = d.id) AS groups,
  (SELECT json_group_array(station_id) FROM station_deputies WHERE deputy_id = d.id) AS station_ids,
  (SELECT json_group_array(json_object('type', type, 'occurredOn', occurred_on, 'days', days, 'title', title))
     FROM (SELECT * FROM duty_activities WHERE deputy_id = d.id ORDER BY occurred_on)) AS activities,
  (SELECT json_group_array(json_object('id', id, 'kind', kind, 'number', number, 'title', title,
       'filedOn', filed_on, 'role', role, 'resultClass', result_class, 'satisfaction', satisfaction))
     FROM (
       SELECT s.*, 'lead' AS role FROM suggestions s WHERE s.lead_deputy_id = d.id
       UNION ALL
       SELECT s.*, 'cosigner' AS role FROM suggestion_cosigners sc JOIN suggestions s ON s.id = sc.suggestion_id
         WHERE sc.deputy_id = d.id
       ORDER BY filed_on DESC, id
     )) AS suggestions,
  -- 最后更新: the latest change of anything the profile shows, not just of the deputy's own row.
  max(d.updated_at,
    COALESCE((SELECT MAX(effective_on) FROM deputy_status_events WHERE deputy_id = d.id) || 'T00:00:00Z', ''),
    COALESCE((SELECT MAX(occurred_on) FROM duty_activities WHERE deputy_id = d.id) || 'T00:00:00Z', ''),
    COALESCE((SELECT MAX(published_at) FROM duty_reports WHERE deputy_id = d.id), ''),
    COALESCE((SELECT MAX(updated_at) FROM suggestions WHERE lead_deputy_id = d.id), ''),
    COALESCE((SELECT MAX(s.updated_at) FROM suggestion_cosigners sc JOIN suggestions s ON s.id = sc.suggestion_id
       WHERE sc.deputy_id = d.id), '')) AS updated_at
FROM deputies d
JOIN terms t ON t.id = d.term_id
JOIN congresses c ON c.id = t.congress_id
JOIN electoral_units eu ON eu.id = d.electoral_unit_id
ORDER BY c.sort_order, d.id`;

export interface AreaRow {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  sort_order: number;
}

export const AREAS_QUERY = `
SELECT id, parent_id, kind, name, sort_order FROM areas ORDER BY sort_order, id`;

export interface DeputyGroupRow {
  id: string;
  name: string;
  kind: string;
  congress_id: string | null;
  congress_name: string | null;
  area_id: string | null;
  description: string;
  members: string;
}

export const DEPUTY_GROUPS_QUERY = `
SELECT g.id, g.name, g.kind, g.congress_id, c.name AS congress_name, g.area_id, g.description,
  (SELECT json_group_array(json_object('deputyId', deputy_id, 'role', role))
     FROM (SELECT * FROM deputy_group_members WHERE group_id = g.id
           ORDER BY CASE role WHEN 'leader' THEN 0 WHEN 'vice_leader' THEN 1 WHEN 'liaison' THEN 2 ELSE 3 END,
                    deputy_id)) AS members
FROM deputy_groups g
LEFT JOIN congresses c ON c.id = g.congress_id
ORDER BY g.id`;

export interface StationRow {
  id: string;
  name: string;
  kind: string;
  area_id: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  opening_hours: string;
  phone: string | null;
  star_rating: number | null;
  is_active: number;
  deputy_ids: string;
  reception_days: string;
}

export const STATIONS_QUERY = `
SELECT s.id, s.name, s.kind, s.area_id, s.address, s.latitude, s.longitude, s.opening_hours, s.phone,
  s.star_rating, s.is_active,
  (SELECT json_group_array(deputy_id) FROM (SELECT deputy_id FROM station_deputies WHERE station_id = s.id
     ORDER BY deputy_id)) AS deputy_ids,
  (SELECT json_group_array(json_object('id', r.id, 'startsAt', r.starts_at, 'endsAt', r.ends_at,
       'topic', r.topic, 'status', r.status, 'statusNote', r.status_note, 'sequence', r.row_version - 1,
       'deputyIds', (SELECT json_group_array(deputy_id) FROM reception_day_deputies WHERE reception_day_id = r.id)))
     FROM (SELECT * FROM reception_days WHERE station_id = s.id ORDER BY starts_at) r) AS reception_days
FROM stations s
ORDER BY s.area_id, s.id`;

export interface DutyReportRow {
  id: string;
  deputy_id: string;
  year: number;
  form: string;
  reported_on: string;
  audience: string;
  law_observance: string;
  session_work: string;
  between_sessions_work: string;
  public_contact: string;
  other_matters: string;
  evaluation_satisfied: number;
  evaluation_basically_satisfied: number;
  evaluation_dissatisfied: number;
  published_at: string;
  document_name: string | null;
  document_type: string | null;
  document_bytes: number | null;
}

export const DUTY_REPORTS_QUERY = `
SELECT id, deputy_id, year, form, reported_on, audience, law_observance, session_work, between_sessions_work,
  public_contact, other_matters, evaluation_satisfied, evaluation_basically_satisfied, evaluation_dissatisfied,
  published_at, document_name, document_type, document_bytes
FROM duty_reports
ORDER BY reported_on DESC, id`;

export interface DeputyResponsivenessRow {
  deputy_id: string;
  opinion_count: number;
  /** JSON array of whole days from receipt to first reply, one number per replied opinion. */
  reply_days: string;
}

// Only counts and reply delays leave the opinions table: no text, no sender, no ids.
export const DEPUTY_RESPONSIVENESS_QUERY = `
SELECT deputy_id, COUNT(*) AS opinion_count,
  json_group_array(CAST(julianday(first_replied_at) - julianday(received_at) AS INTEGER))
    FILTER (WHERE first_replied_at IS NOT NULL) AS reply_days
FROM opinions
WHERE target_type = 'deputy' AND status NOT IN ('held', 'rejected')
GROUP BY deputy_id
ORDER BY deputy_id`;

export interface LatestReplyRow {
  reply_id: number;
  suggestion_id: string;
  kind: string;
  number: number;
  title: string;
  unit_name: string;
  replied_on: string;
  result_class: string | null;
}

/** The most recent replies to motions and suggestions, for the home page. */
export const LATEST_REPLIES_QUERY = `
SELECT r.id AS reply_id, r.suggestion_id, s.kind, s.number, s.title, u.name AS unit_name, r.replied_on, r.result_class
FROM suggestion_replies r
JOIN suggestions s ON s.id = r.suggestion_id
JOIN handling_units u ON u.id = r.handling_unit_id
JOIN suggestion_assignments a ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id
WHERE a.role = 'lead'
ORDER BY r.replied_on DESC, r.id DESC
LIMIT 8`;
