-- Migration: create livelihood project rounds (民生实事项目票决), candidates, advisory counts per
-- channel, the deputies' binding vote, milestones, year-end evaluation, voting codes and ballots.
-- Times are UTC ISO 8601 ('YYYY-MM-DDTHH:MM:SSZ') so SQLite compares them as text, to the second.

CREATE TABLE project_rounds (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  -- code: one-time voting codes made by staff; open: one ballot per browser, unverified.
  mode TEXT NOT NULL CHECK (mode IN ('code', 'open')),
  max_choices INTEGER NOT NULL CHECK (max_choices BETWEEN 1 AND 20),
  counts_public INTEGER NOT NULL DEFAULT 1 CHECK (counts_public IN (0, 1)),
  description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE round_phases (
  round_year INTEGER NOT NULL REFERENCES project_rounds (year),
  phase TEXT NOT NULL CHECK (phase IN ('collecting', 'public_voting', 'deputies_voting', 'implementing', 'evaluating')),
  starts_at TEXT NOT NULL CHECK (length(starts_at) = 20 AND substr(starts_at, 20) = 'Z' AND strftime('%Y-%m-%dT%H:%M:%S', substr(starts_at, 1, 19)) IS substr(starts_at, 1, 19)),
  ends_at TEXT NOT NULL CHECK (length(ends_at) = 20 AND substr(ends_at, 20) = 'Z' AND strftime('%Y-%m-%dT%H:%M:%S', substr(ends_at, 1, 19)) IS substr(ends_at, 1, 19)),
  CHECK (ends_at > starts_at),
  PRIMARY KEY (round_year, phase)
) STRICT, WITHOUT ROWID;

CREATE TABLE project_candidates (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  round_year INTEGER NOT NULL REFERENCES project_rounds (year),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  description TEXT NOT NULL,
  department_id TEXT REFERENCES handling_units (id),
  budget_yuan INTEGER CHECK (budget_yuan IS NULL OR budget_yuan >= 0),
  sort_order INTEGER NOT NULL DEFAULT 0,
  -- The deputies' binding vote (票决), recorded by staff after the session.
  deputies_for INTEGER CHECK (deputies_for IS NULL OR deputies_for >= 0),
  deputies_against INTEGER CHECK (deputies_against IS NULL OR deputies_against >= 0),
  deputies_abstain INTEGER CHECK (deputies_abstain IS NULL OR deputies_abstain >= 0),
  adopted INTEGER CHECK (adopted IS NULL OR adopted IN (0, 1)),
  CHECK ((deputies_for IS NULL) = (deputies_against IS NULL) AND (deputies_for IS NULL) = (deputies_abstain IS NULL)),
  CHECK (adopted IS NULL OR deputies_for IS NOT NULL),
  UNIQUE (round_year, title)
) STRICT;
CREATE INDEX project_candidates_by_round ON project_candidates (round_year, sort_order);

-- Advisory counts: one counter row per candidate and channel, so reading counts costs rows in
-- proportion to the candidates, never to the ballots.
CREATE TABLE vote_counts (
  candidate_id TEXT NOT NULL REFERENCES project_candidates (id),
  channel TEXT NOT NULL CHECK (channel IN ('online', 'station', 'paper')),
  count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  PRIMARY KEY (candidate_id, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE project_milestones (
  id INTEGER PRIMARY KEY,
  candidate_id TEXT NOT NULL REFERENCES project_candidates (id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
  done_on TEXT CHECK (done_on IS NULL OR date(done_on) IS done_on),
  progress_percent INTEGER NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (candidate_id, title)
) STRICT;

CREATE TABLE project_evaluations (
  candidate_id TEXT PRIMARY KEY REFERENCES project_candidates (id),
  evaluated_on TEXT NOT NULL CHECK (date(evaluated_on) IS evaluated_on),
  satisfied INTEGER NOT NULL CHECK (satisfied >= 0),
  basically_satisfied INTEGER NOT NULL CHECK (basically_satisfied >= 0),
  dissatisfied INTEGER NOT NULL CHECK (dissatisfied >= 0),
  summary TEXT NOT NULL
) STRICT;

-- One-time voting codes, stored only as a hash.
CREATE TABLE voting_codes (
  round_year INTEGER NOT NULL REFERENCES project_rounds (year),
  code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),
  batch_id TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (round_year, code_hash)
) STRICT, WITHOUT ROWID;

-- Spending a code is an insert: a second use violates the primary key and an unknown code
-- violates the foreign key, so the whole ballot batch fails without reading first.
CREATE TABLE voting_code_uses (
  round_year INTEGER NOT NULL,
  code_hash TEXT NOT NULL,
  PRIMARY KEY (round_year, code_hash),
  FOREIGN KEY (round_year, code_hash) REFERENCES voting_codes (round_year, code_hash)
) STRICT, WITHOUT ROWID;

-- In open rounds, one ballot per browser (a hashed browser key).
CREATE TABLE open_ballot_keys (
  round_year INTEGER NOT NULL REFERENCES project_rounds (year),
  browser_key_hash TEXT NOT NULL CHECK (length(browser_key_hash) = 64),
  PRIMARY KEY (round_year, browser_key_hash)
) STRICT, WITHOUT ROWID;

-- Ballots keep no link to the code or browser that cast them (secret ballot); the receipt hash
-- lets a voter check that theirs was counted.
CREATE TABLE ballots (
  receipt_hash TEXT PRIMARY KEY CHECK (length(receipt_hash) = 64),
  round_year INTEGER NOT NULL REFERENCES project_rounds (year),
  choices TEXT NOT NULL CHECK (json_valid(choices) AND json_type(choices) = 'array'),
  cast_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT, WITHOUT ROWID;

-- The voting window is enforced by the database clock, to the second, inside the same batch.
CREATE TRIGGER ballots_only_while_round_open
BEFORE INSERT ON ballots
WHEN NOT EXISTS (
  SELECT 1 FROM round_phases
  WHERE round_year = NEW.round_year AND phase = 'public_voting'
    AND starts_at <= NEW.cast_at AND ends_at > NEW.cast_at
)
BEGIN
  SELECT RAISE(ABORT, 'round_not_open');
END;
