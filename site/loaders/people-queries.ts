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
  updated_at: string;
}

export const DEPUTIES_QUERY = `
SELECT d.id, d.name, d.gender, d.ethnicity, d.birth_year, d.political_affiliation, d.photo_path,
  c.level, c.id AS congress_id, c.name AS congress_name,
  t.id AS term_id, t.number AS term_number, t.is_current AS term_is_current,
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
  d.updated_at
FROM deputies d
JOIN terms t ON t.id = d.term_id
JOIN congresses c ON c.id = t.congress_id
JOIN electoral_units eu ON eu.id = d.electoral_unit_id
ORDER BY c.sort_order, d.id`;
