-- Migration: a round's settings and its phase windows change through the official-change
-- lifecycle (functions/changes/rules.ts: project_round, round_phase), like the candidates, tallies
-- and milestones already do. Nothing is dropped.

-- A draft remembers the version it was made from (0010).
ALTER TABLE project_rounds ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER project_rounds_bump_row_version AFTER UPDATE ON project_rounds
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE project_rounds SET row_version = OLD.row_version + 1 WHERE year = NEW.year;
END;

ALTER TABLE round_phases ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);
CREATE TRIGGER round_phases_bump_row_version AFTER UPDATE ON round_phases
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE round_phases SET row_version = OLD.row_version + 1
  WHERE round_year = NEW.round_year AND phase = NEW.phase;
END;

-- The lifecycle names a record by one key column; a phase's key is (round_year, phase). This
-- column is that pair as one text ("2041/public_voting"), computed, so it can never disagree with
-- the pair; the unique index serves the lifecycle's lookups by it.
ALTER TABLE round_phases ADD COLUMN id TEXT GENERATED ALWAYS AS (CAST(round_year AS TEXT) || '/' || phase) VIRTUAL;
CREATE UNIQUE INDEX round_phases_by_id ON round_phases (id);
