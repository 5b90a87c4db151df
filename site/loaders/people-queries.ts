/**
 * SQL the content loaders run at build time, one query per collection, and the row mappers
 * (row → record for the shared zod schemas) that the Worker's on-request pages use too.
 */
import { z } from 'zod';
import { jsonColumn } from './json-column.ts';

export interface DeputyListingRow {
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
  updated_at: string;
}

/** A deputy's row with the dated lists, for the profile and its feed. */
export interface DeputyRow extends DeputyListingRow {
  activities: string;
  suggestions: string;
}

const DEPUTY_COLUMNS = `
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
  -- 最后更新: the latest change of anything the profile shows, not just of the deputy's own row.
  max(d.updated_at,
    COALESCE((SELECT MAX(effective_on) FROM deputy_status_events WHERE deputy_id = d.id) || 'T00:00:00Z', ''),
    COALESCE((SELECT MAX(occurred_on) FROM duty_activities WHERE deputy_id = d.id) || 'T00:00:00Z', ''),
    COALESCE((SELECT MAX(published_at) FROM duty_reports WHERE deputy_id = d.id), ''),
    COALESCE((SELECT MAX(updated_at) FROM suggestions WHERE lead_deputy_id = d.id), ''),
    COALESCE((SELECT MAX(s.updated_at) FROM suggestion_cosigners sc JOIN suggestions s ON s.id = sc.suggestion_id
       WHERE sc.deputy_id = d.id), '')) AS updated_at`;

const DEPUTY_FROM = `
FROM deputies d
JOIN terms t ON t.id = d.term_id
JOIN congresses c ON c.id = t.congress_id
JOIN electoral_units eu ON eu.id = d.electoral_unit_id`;

/** Every column of a deputy's record, with the dated lists as JSON. */
const DEPUTY_SELECT = `${DEPUTY_COLUMNS},
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
     )) AS suggestions${DEPUTY_FROM}`;

/** A deputy's columns without the dated lists: what lists and hubs show. */
const DEPUTY_LISTING_SELECT = `${DEPUTY_COLUMNS}${DEPUTY_FROM}`;

/** Every deputy with the dated lists (the demo generator's rule checks read it). */
export const DEPUTIES_QUERY = `${DEPUTY_SELECT}
ORDER BY c.sort_order, d.id`;

/** Every deputy without the dated lists, for the prerendered lists, hubs and open data. */
export const DEPUTY_LISTINGS_QUERY = `${DEPUTY_LISTING_SELECT}
ORDER BY c.sort_order, d.id`;

/** One deputy (?1 = id), for the profile the Worker renders. */
export const DEPUTY_BY_ID_QUERY = `${DEPUTY_SELECT}
WHERE d.id = ?1`;

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

const DEPUTY_GROUP_SELECT = `
SELECT g.id, g.name, g.kind, g.congress_id, c.name AS congress_name, g.area_id, g.description,
  (SELECT json_group_array(json_object('deputyId', deputy_id, 'role', role))
     FROM (SELECT * FROM deputy_group_members WHERE group_id = g.id
           ORDER BY CASE role WHEN 'leader' THEN 0 WHEN 'vice_leader' THEN 1 WHEN 'liaison' THEN 2 ELSE 3 END,
                    deputy_id)) AS members
FROM deputy_groups g
LEFT JOIN congresses c ON c.id = g.congress_id`;

export const DEPUTY_GROUPS_QUERY = `${DEPUTY_GROUP_SELECT}
ORDER BY g.id`;

/** One deputy group (?1 = id), for the group page the Worker renders. */
export const DEPUTY_GROUP_BY_ID_QUERY = `${DEPUTY_GROUP_SELECT}
WHERE g.id = ?1`;

/** Names of the deputies on a station's reception days (?1 = station id). */
export const RECEPTION_DEPUTIES_OF_STATION_QUERY = `
SELECT DISTINCT d.id, d.name FROM reception_days r
JOIN reception_day_deputies rd ON rd.reception_day_id = r.id
JOIN deputies d ON d.id = rd.deputy_id
WHERE r.station_id = ?1`;

/** An area and its ancestors (?1 = area id), city first: a page's place in the city. */
export const AREA_PATH_QUERY = `
WITH RECURSIVE path(id, parent_id, kind, name, sort_order, depth) AS (
  SELECT id, parent_id, kind, name, sort_order, 0 FROM areas WHERE id = ?1
  UNION ALL
  SELECT a.id, a.parent_id, a.kind, a.name, a.sort_order, p.depth + 1
  FROM areas a JOIN path p ON a.id = p.parent_id
)
SELECT id, parent_id, kind, name, sort_order FROM path ORDER BY depth DESC`;

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

const STATION_SELECT = `
SELECT s.id, s.name, s.kind, s.area_id, s.address, s.latitude, s.longitude, s.opening_hours, s.phone,
  s.star_rating, s.is_active,
  (SELECT json_group_array(deputy_id) FROM (SELECT deputy_id FROM station_deputies WHERE station_id = s.id
     ORDER BY deputy_id)) AS deputy_ids,
  (SELECT json_group_array(json_object('id', r.id, 'startsAt', r.starts_at, 'endsAt', r.ends_at,
       'topic', r.topic, 'status', r.status, 'statusNote', r.status_note, 'sequence', r.row_version - 1,
       'deputyIds', (SELECT json_group_array(deputy_id) FROM reception_day_deputies WHERE reception_day_id = r.id)))
     FROM (SELECT * FROM reception_days WHERE station_id = s.id ORDER BY starts_at) r) AS reception_days
FROM stations s`;

export const STATIONS_QUERY = `${STATION_SELECT}
ORDER BY s.area_id, s.id`;

/** One station (?1 = id). */
export const STATION_BY_ID_QUERY = `${STATION_SELECT}
WHERE s.id = ?1`;

/** The stations a deputy belongs to or holds reception days at (?1 = deputy id). */
export const STATIONS_OF_DEPUTY_QUERY = `${STATION_SELECT}
WHERE s.id IN (SELECT station_id FROM station_deputies WHERE deputy_id = ?1)
   OR s.id IN (SELECT r.station_id FROM reception_days r
               JOIN reception_day_deputies rd ON rd.reception_day_id = r.id WHERE rd.deputy_id = ?1)
ORDER BY s.id`;

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

const DUTY_REPORT_SELECT = `
SELECT id, deputy_id, year, form, reported_on, audience, law_observance, session_work, between_sessions_work,
  public_contact, other_matters, evaluation_satisfied, evaluation_basically_satisfied, evaluation_dissatisfied,
  published_at, document_name, document_type, document_bytes
FROM duty_reports`;

export const DUTY_REPORTS_QUERY = `${DUTY_REPORT_SELECT}
ORDER BY reported_on DESC, id`;

/** One duty report (?1 = id). */
export const DUTY_REPORT_BY_ID_QUERY = `${DUTY_REPORT_SELECT}
WHERE id = ?1`;

/** A deputy's duty reports, latest first (?1 = deputy id). */
export const DUTY_REPORTS_OF_DEPUTY_QUERY = `${DUTY_REPORT_SELECT}
WHERE deputy_id = ?1
ORDER BY reported_on DESC, id`;

export interface DeputyResponsivenessRow {
  deputy_id: string;
  opinion_count: number;
  /** JSON array of whole days from receipt to first reply, one number per replied opinion. */
  reply_days: string;
  /** Opinions whose sender answered 未解决 and that were reopened (issue 12). */
  reopened_count: number;
  /** Of those, the ones still being handled again (not yet answered again). */
  reopened_open_count: number;
}

// Only counts and reply delays leave the opinions table: no text, no sender, no ids.
export const DEPUTY_RESPONSIVENESS_QUERY = `
SELECT deputy_id, COUNT(*) AS opinion_count,
  json_group_array(CAST(julianday(first_replied_at) - julianday(received_at) AS INTEGER))
    FILTER (WHERE first_replied_at IS NOT NULL) AS reply_days,
  COUNT(*) FILTER (WHERE reopen_count > 0) AS reopened_count,
  COUNT(*) FILTER (WHERE reopen_count > 0 AND status NOT IN ('replied', 'closed')) AS reopened_open_count
FROM opinions
WHERE target_type = 'deputy' AND status NOT IN ('held', 'rejected')
GROUP BY deputy_id
ORDER BY deputy_id`;

/** One deputy's counts (?1 = deputy id); no row when nobody wrote to them. */
export const DEPUTY_RESPONSIVENESS_BY_ID_QUERY = `
SELECT deputy_id, COUNT(*) AS opinion_count,
  json_group_array(CAST(julianday(first_replied_at) - julianday(received_at) AS INTEGER))
    FILTER (WHERE first_replied_at IS NOT NULL) AS reply_days,
  COUNT(*) FILTER (WHERE reopen_count > 0) AS reopened_count,
  COUNT(*) FILTER (WHERE reopen_count > 0 AND status NOT IN ('replied', 'closed')) AS reopened_open_count
FROM opinions
WHERE target_type = 'deputy' AND status NOT IN ('held', 'rejected') AND deputy_id = ?1
GROUP BY deputy_id`;

/** Names of the deputies on the reception days a deputy holds (?1 = deputy id). */
export const RECEPTION_PARTNERS_QUERY = `
SELECT DISTINCT d.id, d.name FROM reception_day_deputies mine
JOIN reception_day_deputies rd ON rd.reception_day_id = mine.reception_day_id
JOIN deputies d ON d.id = rd.deputy_id
WHERE mine.deputy_id = ?1`;

export interface DeputyNameRow {
  id: string;
  name: string;
}

export interface DeputySummaryRow {
  id: string;
  name: string;
  level: string;
  congress_name: string;
  term_number: number;
}

/** Who a deputy is, in one line (?1 = id): for pages that only link to the profile. */
export const DEPUTY_SUMMARY_QUERY = `
SELECT d.id, d.name, c.level, c.name AS congress_name, t.number AS term_number
FROM deputies d JOIN terms t ON t.id = d.term_id JOIN congresses c ON c.id = t.congress_id
WHERE d.id = ?1`;

export const PORTAL_SETTINGS_QUERY = 'SELECT key, value FROM portal_settings';

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

/** A deputy's record (domain/deputies.ts DeputyRecord), with the dated lists. */
export function deputyRecord(row: DeputyRow): Record<string, unknown> {
  return {
    ...deputyListingRecord(row),
    activities: jsonColumn(row.activities),
    suggestions: jsonColumn(row.suggestions),
  };
}

/** A deputy as lists show them (domain/deputies.ts DeputyListing). */
export function deputyListingRecord(row: DeputyListingRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    ethnicity: row.ethnicity,
    birthYear: row.birth_year,
    politicalAffiliation: row.political_affiliation,
    photoPath: row.photo_path,
    level: row.level,
    congressId: row.congress_id,
    congressName: row.congress_name,
    termId: row.term_id,
    termNumber: row.term_number,
    termIsCurrent: row.term_is_current === 1,
    termStartsOn: row.term_starts_on,
    termEndsOn: row.term_ends_on,
    electoralUnit: {
      id: row.electoral_unit_id,
      name: row.electoral_unit_name,
      kind: row.electoral_unit_kind,
    },
    areaIds: jsonColumn(row.area_ids),
    unitPosition: row.unit_position,
    holdsOfficialPost: row.holds_official_post === 1,
    isReelected: row.is_reelected === 1,
    officePhone: row.office_phone,
    officeEmail: row.office_email,
    status: row.status,
    statusSince: row.status_since,
    statusHistory: jsonColumn(row.status_history),
    expertise: jsonColumn(row.expertise),
    groups: jsonColumn(row.groups),
    stationIds: jsonColumn(row.station_ids),
    updatedAt: row.updated_at,
  };
}

export function deputyGroupRecord(row: DeputyGroupRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    congressId: row.congress_id,
    congressName: row.congress_name,
    areaId: row.area_id,
    description: row.description,
    members: jsonColumn(row.members),
  };
}

export function stationRecord(row: StationRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    areaId: row.area_id,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    openingHours: row.opening_hours,
    phone: row.phone,
    starRating: row.star_rating,
    isActive: row.is_active === 1,
    deputyIds: jsonColumn(row.deputy_ids),
    receptionDays: jsonColumn(row.reception_days),
  };
}

export function dutyReportRecord(row: DutyReportRow): Record<string, unknown> {
  return {
    id: row.id,
    deputyId: row.deputy_id,
    year: row.year,
    form: row.form,
    reportedOn: row.reported_on,
    audience: row.audience,
    lawObservance: row.law_observance,
    sessionWork: row.session_work,
    betweenSessionsWork: row.between_sessions_work,
    publicContact: row.public_contact,
    otherMatters: row.other_matters,
    evaluation: {
      satisfied: row.evaluation_satisfied,
      basicallySatisfied: row.evaluation_basically_satisfied,
      dissatisfied: row.evaluation_dissatisfied,
    },
    publishedAt: row.published_at,
    document:
      row.document_name && row.document_type && row.document_bytes
        ? { name: row.document_name, type: row.document_type, bytes: row.document_bytes }
        : null,
  };
}

export function areaRecord(row: AreaRow): Record<string, unknown> {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind,
    name: row.name,
    sortOrder: row.sort_order,
  };
}

/** The median of a list of numbers (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function deputyResponsivenessRecord(row: DeputyResponsivenessRow): Record<string, unknown> {
  const days = z.array(z.number()).parse(jsonColumn(row.reply_days));
  return {
    deputyId: row.deputy_id,
    opinionCount: row.opinion_count,
    // A reopened case (未解决) is not "answered" until it is answered again.
    repliedCount: days.length - row.reopened_open_count,
    reopenedCount: row.reopened_count,
    medianDaysToFirstReply: median(days),
  };
}

export interface DeputyAddresseeRow {
  id: string;
  name: string;
  level: string;
  congress_name: string;
  electoral_unit_name: string;
}

/** A serving deputy as the opinion form names them (?1 = id); none for a deputy no longer serving. */
export const SERVING_DEPUTY_ADDRESSEE_QUERY = `
SELECT d.id, d.name, c.level, c.name AS congress_name, eu.name AS electoral_unit_name
FROM deputies d
JOIN terms t ON t.id = d.term_id
JOIN congresses c ON c.id = t.congress_id
JOIN electoral_units eu ON eu.id = d.electoral_unit_id
WHERE d.id = ?1 AND d.status = 'serving'`;

export interface StationAddresseeRow {
  id: string;
  name: string;
  kind: string;
  address: string;
}

/** An open station as the opinion form names it (?1 = id); none for a closed station. */
export const ACTIVE_STATION_ADDRESSEE_QUERY = `
SELECT id, name, kind, address FROM stations WHERE id = ?1 AND is_active = 1`;

export interface DutyActivityRow {
  id: number;
  deputy_id: string;
  type: string;
  occurred_on: string;
  days: number;
  title: string;
}

/**
 * The duty activities after a given one (?1 = last id read, ?2 = how many): the open dataset reads
 * every activity in slices, since a city's million rows in one answer break the build's D1 proxy.
 */
/** The years that have duty activities, newest first (the open dataset's parts are per year). */
export const DUTY_ACTIVITY_YEARS_QUERY = `
SELECT DISTINCT substr(occurred_on, 1, 4) AS year FROM duty_activities ORDER BY year DESC`;

/** One slice of a year's duty activities (?1 ≤ occurred_on < ?2), in id order after id ?3. */
export const DUTY_ACTIVITIES_IN_YEAR_QUERY = `
SELECT id, deputy_id, type, occurred_on, days, title FROM duty_activities
WHERE occurred_on >= ?1 AND occurred_on < ?2 AND id > ?3 ORDER BY id LIMIT ?4`;

/** How many activities each deputy had before a date: where a year's activities start counting. */
export const DUTY_ACTIVITIES_BEFORE_QUERY = `
SELECT deputy_id, COUNT(*) AS n FROM duty_activities WHERE occurred_on < ?1 GROUP BY deputy_id`;

export function dutyActivityRecord(row: DutyActivityRow): Record<string, unknown> {
  return { type: row.type, occurredOn: row.occurred_on, days: row.days, title: row.title };
}
