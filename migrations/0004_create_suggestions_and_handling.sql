-- Migration: create motions and suggestions (议案、建议), their handling units, assignments,
-- reply versions, satisfaction ratings, re-handling rounds and the commitment ledger.

CREATE TABLE handling_units (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  kind TEXT NOT NULL CHECK (kind IN ('government_department', 'district_government', 'court', 'procuratorate', 'enterprise', 'other'))
) STRICT;

CREATE TABLE suggestions (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  session_id TEXT NOT NULL REFERENCES sessions (id),
  kind TEXT NOT NULL CHECK (kind IN ('motion', 'suggestion')),
  -- The number printed on the item, unique within a session and kind.
  number INTEGER NOT NULL CHECK (number > 0),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN (
    'economy', 'urban_construction', 'transport', 'environment', 'education', 'health',
    'social_security', 'agriculture', 'culture', 'public_safety', 'governance', 'other'
  )),
  lead_deputy_id TEXT NOT NULL REFERENCES deputies (id),
  filed_on TEXT NOT NULL CHECK (date(filed_on) IS filed_on),
  status TEXT NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'assigned', 'replied', 'rehandling', 'closed')),
  -- Latest result class and satisfaction, kept in step with replies and ratings.
  result_class TEXT CHECK (result_class IS NULL OR result_class IN ('A', 'B', 'C')),
  satisfaction TEXT CHECK (satisfaction IS NULL OR satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  key_supervision_leader TEXT CHECK (key_supervision_leader IS NULL OR length(key_supervision_leader) BETWEEN 1 AND 60),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (session_id, kind, number)
) STRICT;
CREATE INDEX suggestions_by_lead ON suggestions (lead_deputy_id);
CREATE INDEX suggestions_by_session ON suggestions (session_id, category);

CREATE TABLE suggestion_cosigners (
  suggestion_id TEXT NOT NULL REFERENCES suggestions (id),
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  PRIMARY KEY (suggestion_id, deputy_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX suggestion_cosigners_by_deputy ON suggestion_cosigners (deputy_id);

-- Assignment (交办) to a lead unit (主办) or a co-handling unit (协办), with the reply deadline.
CREATE TABLE suggestion_assignments (
  suggestion_id TEXT NOT NULL REFERENCES suggestions (id),
  handling_unit_id TEXT NOT NULL REFERENCES handling_units (id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
  assigned_on TEXT NOT NULL CHECK (date(assigned_on) IS assigned_on),
  due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
  CHECK (due_on >= assigned_on),
  PRIMARY KEY (suggestion_id, handling_unit_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX suggestion_assignments_one_lead ON suggestion_assignments (suggestion_id) WHERE role = 'lead';
CREATE INDEX suggestion_assignments_by_unit ON suggestion_assignments (handling_unit_id);

-- Every reply version. Round 1 is the first handling; round 2+ follow an unsatisfied rating.
CREATE TABLE suggestion_replies (
  id INTEGER PRIMARY KEY,
  suggestion_id TEXT NOT NULL REFERENCES suggestions (id),
  handling_unit_id TEXT NOT NULL REFERENCES handling_units (id),
  round INTEGER NOT NULL CHECK (round BETWEEN 1 AND 9),
  replied_on TEXT NOT NULL CHECK (date(replied_on) IS replied_on),
  result_class TEXT CHECK (result_class IS NULL OR result_class IN ('A', 'B', 'C')),
  body TEXT NOT NULL,
  UNIQUE (suggestion_id, handling_unit_id, round),
  FOREIGN KEY (suggestion_id, handling_unit_id) REFERENCES suggestion_assignments (suggestion_id, handling_unit_id)
) STRICT;
CREATE INDEX suggestion_replies_by_date ON suggestion_replies (replied_on);

-- The deputy's satisfaction with each round's answer (满意度测评).
CREATE TABLE suggestion_ratings (
  suggestion_id TEXT NOT NULL REFERENCES suggestions (id),
  round INTEGER NOT NULL CHECK (round BETWEEN 1 AND 9),
  rated_on TEXT NOT NULL CHECK (date(rated_on) IS rated_on),
  satisfaction TEXT NOT NULL CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  PRIMARY KEY (suggestion_id, round)
) STRICT, WITHOUT ROWID;

-- Commitment ledger (承诺事项台账): promises made in replies, followed up until kept.
CREATE TABLE commitments (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  suggestion_id TEXT NOT NULL REFERENCES suggestions (id),
  handling_unit_id TEXT NOT NULL REFERENCES handling_units (id),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'dropped')),
  kept_on TEXT CHECK (kept_on IS NULL OR date(kept_on) IS kept_on),
  evidence TEXT NOT NULL DEFAULT '' CHECK (length(evidence) <= 1000),
  -- Kept means a date and evidence; dropped needs the reason in evidence.
  CHECK ((status = 'kept') = (kept_on IS NOT NULL)),
  CHECK (status = 'open' OR length(evidence) > 0)
) STRICT;
CREATE INDEX commitments_by_suggestion ON commitments (suggestion_id);
CREATE INDEX commitments_open_by_due ON commitments (due_on) WHERE status = 'open';
