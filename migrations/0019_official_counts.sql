-- Migration: four eyes on official numbers (issue 12). The station and paper ballot counts of a
-- livelihood project, entered by staff from the tally sheets, become an official record of their
-- own (candidate_tallies) that changes only through the official-change lifecycle: drafted with a
-- reason and a reference, confirmed by a second staff member, applied by a publish. vote_counts
-- (what the public reads, with the online ballots) follows the published tally by trigger.

CREATE TABLE candidate_tallies (
  candidate_id TEXT PRIMARY KEY REFERENCES project_candidates (id),
  station_count INTEGER NOT NULL DEFAULT 0 CHECK (station_count >= 0),
  paper_count INTEGER NOT NULL DEFAULT 0 CHECK (paper_count >= 0),
  row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1)
) STRICT;

-- The counts published so far, unchanged.
INSERT INTO candidate_tallies (candidate_id, station_count, paper_count)
SELECT c.id,
  COALESCE((SELECT count FROM vote_counts WHERE candidate_id = c.id AND channel = 'station'), 0),
  COALESCE((SELECT count FROM vote_counts WHERE candidate_id = c.id AND channel = 'paper'), 0)
FROM project_candidates c;

-- Every candidate has a tally.
CREATE TRIGGER project_candidates_add_tally AFTER INSERT ON project_candidates
BEGIN
  INSERT OR IGNORE INTO candidate_tallies (candidate_id) VALUES (NEW.id);
END;

-- A published tally is what the public counts show for the station and paper channels.
CREATE TRIGGER candidate_tallies_publish_counts
AFTER UPDATE OF station_count, paper_count ON candidate_tallies
WHEN NEW.station_count IS NOT OLD.station_count OR NEW.paper_count IS NOT OLD.paper_count
BEGIN
  INSERT OR IGNORE INTO vote_counts (candidate_id, channel, count)
    SELECT NEW.candidate_id, 'station', NEW.station_count WHERE NEW.station_count IS NOT OLD.station_count;
  UPDATE vote_counts SET count = NEW.station_count
    WHERE candidate_id = NEW.candidate_id AND channel = 'station' AND NEW.station_count IS NOT OLD.station_count;
  INSERT OR IGNORE INTO vote_counts (candidate_id, channel, count)
    SELECT NEW.candidate_id, 'paper', NEW.paper_count WHERE NEW.paper_count IS NOT OLD.paper_count;
  UPDATE vote_counts SET count = NEW.paper_count
    WHERE candidate_id = NEW.candidate_id AND channel = 'paper' AND NEW.paper_count IS NOT OLD.paper_count;
END;

-- Counts loaded with a new round (demo data, a restore) start its tally at the same number, but
-- only while the tally is untouched: once an official change applied, only the lifecycle moves it.
CREATE TRIGGER vote_counts_seed_tally AFTER INSERT ON vote_counts
WHEN NEW.channel IN ('station', 'paper')
BEGIN
  INSERT OR IGNORE INTO candidate_tallies (candidate_id) VALUES (NEW.candidate_id);
  UPDATE candidate_tallies SET station_count = NEW.count
  WHERE candidate_id = NEW.candidate_id AND NEW.channel = 'station' AND row_version = 1 AND station_count = 0;
  UPDATE candidate_tallies SET paper_count = NEW.count
  WHERE candidate_id = NEW.candidate_id AND NEW.channel = 'paper' AND row_version = 1 AND paper_count = 0;
END;

-- Nothing but the published tally moves the offline counts: a direct edit of vote_counts (the old
-- console path that let one editor add 5,000 votes alone) is refused.
CREATE TRIGGER vote_counts_offline_only_from_tally BEFORE UPDATE OF count ON vote_counts
WHEN NEW.channel IN ('station', 'paper')
  AND NEW.count IS NOT (SELECT CASE NEW.channel WHEN 'station' THEN station_count ELSE paper_count END
                        FROM candidate_tallies WHERE candidate_id = NEW.candidate_id)
BEGIN
  SELECT RAISE(ABORT, 'offline_counts_need_confirmation');
END;
CREATE TRIGGER vote_counts_offline_insert_from_tally BEFORE INSERT ON vote_counts
WHEN NEW.channel IN ('station', 'paper')
  AND EXISTS (SELECT 1 FROM candidate_tallies WHERE candidate_id = NEW.candidate_id AND row_version > 1
              AND NEW.count IS NOT CASE NEW.channel WHEN 'station' THEN station_count ELSE paper_count END)
BEGIN
  SELECT RAISE(ABORT, 'offline_counts_need_confirmation');
END;
