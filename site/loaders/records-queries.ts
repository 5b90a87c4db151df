/**
 * SQL the records collections run at build time (suggestions, handling units, livelihood
 * projects, the change log and the thin inputs of the statistics pages), one query per collection.
 * Nested lists come back as JSON text and are validated by the collections' zod schemas. The row
 * mappers are shared with the pages the Worker renders on request (site/lib/live/records.ts).
 */
import { jsonColumn } from './json-column.ts';

export interface SuggestionRow {
  id: string;
  session_id: string;
  kind: string;
  number: number;
  title: string;
  body: string;
  category: string;
  lead_deputy_id: string;
  lead_deputy_name: string;
  filed_on: string;
  status: string;
  result_class: string | null;
  satisfaction: string | null;
  key_supervision_leader: string | null;
  updated_at: string;
  cosigners: string;
  assignments: string;
  replies: string;
  ratings: string;
  commitments: string;
}

const SUGGESTION_SELECT = `
SELECT s.id, s.session_id, s.kind, s.number, s.title, s.body, s.category,
  s.lead_deputy_id, d.name AS lead_deputy_name, s.filed_on, s.status, s.result_class, s.satisfaction,
  s.key_supervision_leader, s.updated_at,
  (SELECT json_group_array(json_object('id', c.deputy_id, 'name', cd.name))
     FROM (SELECT * FROM suggestion_cosigners WHERE suggestion_id = s.id ORDER BY deputy_id) c
     JOIN deputies cd ON cd.id = c.deputy_id) AS cosigners,
  (SELECT json_group_array(json_object('unitId', handling_unit_id, 'role', role, 'assignedOn', assigned_on, 'dueOn', due_on))
     FROM (SELECT * FROM suggestion_assignments WHERE suggestion_id = s.id
           ORDER BY role = 'co', assigned_on, handling_unit_id)) AS assignments,
  (SELECT json_group_array(json_object('id', id, 'unitId', handling_unit_id, 'round', round,
            'repliedOn', replied_on, 'resultClass', result_class, 'body', body))
     FROM (SELECT * FROM suggestion_replies WHERE suggestion_id = s.id ORDER BY round, replied_on, id)) AS replies,
  (SELECT json_group_array(json_object('round', round, 'ratedOn', rated_on, 'satisfaction', satisfaction))
     FROM (SELECT * FROM suggestion_ratings WHERE suggestion_id = s.id ORDER BY round)) AS ratings,
  (SELECT json_group_array(json_object('id', id, 'unitId', handling_unit_id, 'description', description,
            'dueOn', due_on, 'status', status, 'keptOn', kept_on, 'evidence', evidence))
     FROM (SELECT * FROM commitments WHERE suggestion_id = s.id ORDER BY due_on, id)) AS commitments
FROM suggestions s
JOIN deputies d ON d.id = s.lead_deputy_id`;

export const SUGGESTIONS_QUERY = `${SUGGESTION_SELECT}
ORDER BY s.session_id, s.kind, s.number`;

/** One motion or suggestion (?1 = id), for the page the Worker renders. */
export const SUGGESTION_BY_ID_QUERY = `${SUGGESTION_SELECT}
WHERE s.id = ?1`;

/** The motions and suggestions a handling unit handles, as lead or co-handler (?1 = unit id). */
export const SUGGESTIONS_OF_UNIT_QUERY = `${SUGGESTION_SELECT}
WHERE s.id IN (SELECT suggestion_id FROM suggestion_assignments WHERE handling_unit_id = ?1)`;

export interface HandlingUnitRow {
  id: string;
  name: string;
  kind: string;
}

export const HANDLING_UNITS_QUERY = `SELECT id, name, kind FROM handling_units ORDER BY id`;

export interface SessionRow {
  id: string;
  term_id: string;
  term_number: number;
  congress_id: string;
  congress_name: string;
  number: number;
  opens_on: string;
  closes_on: string;
}

const SESSION_SELECT = `
SELECT se.id, se.term_id, t.number AS term_number, c.id AS congress_id, c.name AS congress_name,
  se.number, se.opens_on, se.closes_on
FROM sessions se
JOIN terms t ON t.id = se.term_id
JOIN congresses c ON c.id = t.congress_id`;

/** Only sessions where something was filed: the rest have nothing to publish here. */
export const SESSIONS_QUERY = `${SESSION_SELECT}
WHERE EXISTS (SELECT 1 FROM suggestions s WHERE s.session_id = se.id)
ORDER BY se.opens_on DESC`;

/** One session (?1 = id). */
export const SESSION_BY_ID_QUERY = `${SESSION_SELECT}
WHERE se.id = ?1`;

export interface ProjectRoundRow {
  year: number;
  title: string;
  mode: string;
  max_choices: number;
  counts_public: number;
  description: string;
  phases: string;
}

const PROJECT_ROUND_SELECT = `
SELECT r.year, r.title, r.mode, r.max_choices, r.counts_public, r.description,
  (SELECT json_group_array(json_object('phase', phase, 'startsAt', starts_at, 'endsAt', ends_at))
     FROM (SELECT * FROM round_phases WHERE round_year = r.year ORDER BY starts_at)) AS phases
FROM project_rounds r`;

export const PROJECT_ROUNDS_QUERY = `${PROJECT_ROUND_SELECT}
ORDER BY r.year DESC`;

/** One livelihood project round (?1 = year). */
export const PROJECT_ROUND_BY_YEAR_QUERY = `${PROJECT_ROUND_SELECT}
WHERE r.year = ?1`;

export interface ProjectCandidateRow {
  id: string;
  round_year: number;
  title: string;
  description: string;
  department_id: string | null;
  budget_yuan: number | null;
  sort_order: number;
  online: number;
  station: number;
  paper: number;
  deputies_for: number | null;
  deputies_against: number | null;
  deputies_abstain: number | null;
  adopted: number | null;
  milestones: string;
  evaluation: string | null;
}

const PROJECT_CANDIDATE_SELECT = `
SELECT p.id, p.round_year, p.title, p.description, p.department_id, p.budget_yuan, p.sort_order,
  COALESCE((SELECT count FROM vote_counts WHERE candidate_id = p.id AND channel = 'online'), 0) AS online,
  COALESCE((SELECT count FROM vote_counts WHERE candidate_id = p.id AND channel = 'station'), 0) AS station,
  COALESCE((SELECT count FROM vote_counts WHERE candidate_id = p.id AND channel = 'paper'), 0) AS paper,
  p.deputies_for, p.deputies_against, p.deputies_abstain, p.adopted,
  (SELECT json_group_array(json_object('id', id, 'title', title, 'dueOn', due_on, 'doneOn', done_on,
            'progressPercent', progress_percent, 'note', note))
     FROM (SELECT * FROM project_milestones WHERE candidate_id = p.id ORDER BY due_on, id)) AS milestones,
  (SELECT json_object('evaluatedOn', evaluated_on, 'satisfied', satisfied,
            'basicallySatisfied', basically_satisfied, 'dissatisfied', dissatisfied, 'summary', summary)
     FROM project_evaluations WHERE candidate_id = p.id) AS evaluation
FROM project_candidates p`;

export const PROJECT_CANDIDATES_QUERY = `${PROJECT_CANDIDATE_SELECT}
ORDER BY p.round_year DESC, p.sort_order, p.id`;

/** One candidate (?1 = id) of one round (?2 = year), for the page the Worker renders. */
export const PROJECT_CANDIDATE_BY_ID_QUERY = `${PROJECT_CANDIDATE_SELECT}
WHERE p.id = ?1 AND p.round_year = ?2`;

/** Every advisory vote of a round (?1 = year), over all its candidates and channels. */
export const ROUND_ADVISORY_TOTAL_QUERY = `
SELECT COALESCE(SUM(v.count), 0) AS total FROM vote_counts v
JOIN project_candidates p ON p.id = v.candidate_id
WHERE p.round_year = ?1`;

/** The candidates a handling unit is responsible for (?1 = unit id). */
export const PROJECT_CANDIDATES_OF_UNIT_QUERY = `${PROJECT_CANDIDATE_SELECT}
WHERE p.department_id = ?1
ORDER BY p.round_year DESC, p.sort_order, p.id`;

/** One handling unit (?1 = id). */
export const HANDLING_UNIT_BY_ID_QUERY = `SELECT id, name, kind FROM handling_units WHERE id = ?1`;

export interface ChangeLogRow {
  id: number;
  at: string;
  entity_type: string;
  entity_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  note: string;
  role: 'admin' | 'editor' | 'handler' | 'station_staff' | null;
}

/** The columns of a ChangeLogRow, shared by every change-log query. */
const CHANGE_LOG_SELECT = `
SELECT id, at, entity_type, entity_id, field, old_value, new_value, note, role
FROM change_log`;

export const CHANGE_LOG_QUERY = `${CHANGE_LOG_SELECT}
ORDER BY at DESC, id DESC`;

/** The public change log of one record (?1 = entity type, ?2 = id), newest first. */
export const CHANGE_LOG_OF_ENTITY_QUERY = `${CHANGE_LOG_SELECT}
WHERE entity_type = ?1 AND entity_id = ?2
ORDER BY at DESC, id DESC`;

/** The public change log of one motion or suggestion, its commitments, replies and ratings (?1 = its id), newest first. */
export const CHANGE_LOG_OF_SUGGESTION_QUERY = `${CHANGE_LOG_SELECT}
WHERE (entity_type = 'suggestion' AND entity_id = ?1)
   OR (entity_type = 'commitment' AND entity_id IN (SELECT id FROM commitments WHERE suggestion_id = ?1))
   OR (entity_type = 'suggestion_reply'
       AND entity_id IN (SELECT CAST(id AS TEXT) FROM suggestion_replies WHERE suggestion_id = ?1))
   OR (entity_type = 'suggestion_rating'
       AND entity_id IN (SELECT id FROM suggestion_ratings WHERE suggestion_id = ?1))
ORDER BY at DESC, id DESC`;

export interface PublishRow {
  id: number;
  requested_at: string;
  version: string;
  status: string;
  summary: string;
}

/** Who requested a publish is staff information and stays out of the site. */
export const PUBLISHES_QUERY = `
SELECT id, requested_at, version, status, summary FROM publishes ORDER BY requested_at DESC, id DESC`;

export interface ActivityYearRow {
  deputy_id: string;
  level: string;
  year: number;
  days: number;
}

/**
 * Activity days between sessions per deputy and calendar year, for every deputy whose term
 * overlaps the year (deputies with no activity count as 0 days). Session meetings are left out:
 * the yearly floor is about work between sessions. The sums are materialized once: a correlated
 * subquery per deputy and year took seconds on a city's 60,000 activities, this takes tens of ms.
 */
export const ACTIVITY_YEARS_QUERY = `
WITH sums AS MATERIALIZED (
  SELECT deputy_id, CAST(substr(occurred_on, 1, 4) AS INTEGER) AS year, SUM(days) AS days
  FROM duty_activities WHERE type <> 'session_meeting'
  GROUP BY deputy_id, year
), years AS MATERIALIZED (
  SELECT DISTINCT CAST(substr(occurred_on, 1, 4) AS INTEGER) AS year FROM duty_activities
)
SELECT d.id AS deputy_id, c.level, y.year, COALESCE(s.days, 0) AS days
FROM deputies d
JOIN terms t ON t.id = d.term_id
JOIN congresses c ON c.id = t.congress_id
JOIN years y ON t.starts_on <= printf('%04d-12-31', y.year) AND t.ends_on >= printf('%04d-01-01', y.year)
LEFT JOIN sums s ON s.deputy_id = d.id AND s.year = y.year
WHERE d.status = 'serving' OR d.status_since > printf('%04d-01-01', y.year)
ORDER BY y.year, d.id`;

export interface TermCoverageRow {
  term_id: string;
  term_number: number;
  congress_name: string;
  level: string;
  deputies: number;
  reported: number;
  reports: number;
  meeting_reports: number;
  satisfied: number;
  basically_satisfied: number;
  dissatisfied: number;
}

/** Duty-report coverage per term: how many of the term's deputies have reported to voters. */
export const TERM_COVERAGE_QUERY = `
SELECT t.id AS term_id, t.number AS term_number, c.name AS congress_name, c.level,
  (SELECT COUNT(*) FROM deputies d WHERE d.term_id = t.id) AS deputies,
  (SELECT COUNT(DISTINCT r.deputy_id) FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE d.term_id = t.id) AS reported,
  (SELECT COUNT(*) FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE d.term_id = t.id) AS reports,
  (SELECT COUNT(*) FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE d.term_id = t.id AND r.form = 'meeting') AS meeting_reports,
  (SELECT COALESCE(SUM(r.evaluation_satisfied), 0) FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE d.term_id = t.id) AS satisfied,
  (SELECT COALESCE(SUM(r.evaluation_basically_satisfied), 0) FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE d.term_id = t.id) AS basically_satisfied,
  (SELECT COALESCE(SUM(r.evaluation_dissatisfied), 0) FROM duty_reports r JOIN deputies d ON d.id = r.deputy_id WHERE d.term_id = t.id) AS dissatisfied
FROM terms t
JOIN congresses c ON c.id = t.congress_id
WHERE EXISTS (SELECT 1 FROM deputies d WHERE d.term_id = t.id)
ORDER BY c.sort_order, t.number DESC`;

export interface OpinionFactRow {
  id: number;
  received_at: string;
  first_replied_at: string | null;
  status: string;
  target_type: string;
  layer: string | null;
  category: string | null;
}

/**
 * Only the timing and routing of citizens' opinions, never their text or sender: enough for
 * counts and the median reply time. Held opinions (suspected abuse) are not counted.
 */
export const OPINION_FACTS_QUERY = `
SELECT o.id, o.received_at, o.first_replied_at, o.status, o.target_type, o.layer, oc.name AS category
FROM opinions o
LEFT JOIN opinion_categories oc ON oc.id = o.category_id
WHERE o.status <> 'held'
ORDER BY o.received_at, o.id`;

export function suggestionRecord(row: SuggestionRow): Record<string, unknown> {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind,
    number: row.number,
    title: row.title,
    body: row.body,
    category: row.category,
    leadDeputy: { id: row.lead_deputy_id, name: row.lead_deputy_name },
    cosigners: jsonColumn(row.cosigners),
    filedOn: row.filed_on,
    status: row.status,
    resultClass: row.result_class,
    satisfaction: row.satisfaction,
    keySupervisionLeader: row.key_supervision_leader,
    updatedAt: row.updated_at,
    assignments: jsonColumn(row.assignments),
    replies: jsonColumn(row.replies),
    ratings: jsonColumn(row.ratings),
    commitments: jsonColumn(row.commitments),
  };
}

export function sessionRecord(row: SessionRow): Record<string, unknown> {
  return {
    id: row.id,
    termId: row.term_id,
    termNumber: row.term_number,
    congressId: row.congress_id,
    congressName: row.congress_name,
    number: row.number,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
  };
}

export function changeLogRecord(row: ChangeLogRow): Record<string, unknown> {
  return {
    id: row.id,
    at: row.at,
    entityType: row.entity_type,
    entityId: row.entity_id,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    note: row.note,
    role: row.role,
  };
}

export function projectRoundRecord(row: ProjectRoundRow): Record<string, unknown> {
  return {
    year: row.year,
    title: row.title,
    mode: row.mode,
    maxChoices: row.max_choices,
    countsPublic: row.counts_public === 1,
    description: row.description,
    phases: jsonColumn(row.phases),
  };
}

export function projectCandidateRecord(row: ProjectCandidateRow): Record<string, unknown> {
  return {
    id: row.id,
    roundYear: row.round_year,
    title: row.title,
    description: row.description,
    departmentId: row.department_id,
    budgetYuan: row.budget_yuan,
    sortOrder: row.sort_order,
    advisoryVotes: { online: row.online, station: row.station, paper: row.paper },
    deputiesVote:
      row.deputies_for === null
        ? null
        : { for: row.deputies_for, against: row.deputies_against, abstain: row.deputies_abstain },
    adopted: row.adopted === null ? null : row.adopted === 1,
    milestones: jsonColumn(row.milestones),
    evaluation: row.evaluation === null ? null : JSON.parse(row.evaluation),
  };
}

export interface StationReplyRow {
  id: number;
  suggestion_id: string;
  title: string;
  lead_deputy_name: string;
  unit_name: string;
  replied_on: string;
  result_class: string | null;
  body: string;
}

/**
 * Handling units' replies to the motions and suggestions led by the deputies who work at a
 * station (?1 = station id), for the station's feed.
 */
export const REPLIES_TO_STATION_DEPUTIES_QUERY = `
SELECT r.id, s.id AS suggestion_id, s.title, d.name AS lead_deputy_name, u.name AS unit_name,
  r.replied_on, r.result_class, r.body
FROM suggestion_replies r
JOIN suggestions s ON s.id = r.suggestion_id
JOIN deputies d ON d.id = s.lead_deputy_id
JOIN handling_units u ON u.id = r.handling_unit_id
WHERE s.lead_deputy_id IN (SELECT deputy_id FROM station_deputies WHERE station_id = ?1)
ORDER BY r.replied_on DESC, r.id`;

/**
 * The public change log of one deputy's records (?1 = deputy id), newest first: their own record,
 * the motions and suggestions they lead and those items' commitments, their duty reports.
 */
export const CHANGE_LOG_OF_DEPUTY_QUERY = `${CHANGE_LOG_SELECT}
WHERE (entity_type = 'deputy' AND entity_id = ?1)
   OR (entity_type = 'suggestion' AND entity_id IN (SELECT id FROM suggestions WHERE lead_deputy_id = ?1))
   OR (entity_type = 'commitment' AND entity_id IN (
         SELECT c.id FROM commitments c JOIN suggestions s ON s.id = c.suggestion_id WHERE s.lead_deputy_id = ?1))
   OR (entity_type = 'duty_report' AND entity_id IN (SELECT id FROM duty_reports WHERE deputy_id = ?1))
ORDER BY at DESC, id DESC`;

/** The kinds of record the change log has entries for (the filter links of every change-log page). */
export const CHANGE_LOG_TYPES_QUERY = `SELECT DISTINCT entity_type FROM change_log`;

export interface LeadItemRow {
  id: string;
  title: string;
}

/** The motions and suggestions a deputy leads (?1 = deputy id): their titles name the changes. */
export const LEAD_ITEMS_OF_DEPUTY_QUERY = `SELECT id, title FROM suggestions WHERE lead_deputy_id = ?1`;

export interface LeadCommitmentRow {
  id: string;
  suggestion_id: string;
}

/** The commitments on the items a deputy leads (?1 = deputy id). */
export const LEAD_COMMITMENTS_OF_DEPUTY_QUERY = `
SELECT c.id, c.suggestion_id FROM commitments c JOIN suggestions s ON s.id = c.suggestion_id
WHERE s.lead_deputy_id = ?1`;
