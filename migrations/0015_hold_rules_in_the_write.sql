-- Migration: the burst and duplicate holds for opinions are decided inside the INSERT itself, for
-- every kind of addressee (deputy, station, topic), so opinions sent in parallel cannot slip past
-- a check made before the write.

-- Who an opinion is addressed to, as one key: a deputy, a station, or the office's topic queue of
-- one category ("topic:" alone when no category was chosen). Generated, so every writer (the
-- public form, staff tools, demo data) gets it without knowing about it.
ALTER TABLE opinions ADD COLUMN addressee_key TEXT GENERATED ALWAYS AS (
  CASE target_type
    WHEN 'deputy' THEN 'deputy:' || deputy_id
    WHEN 'station' THEN 'station:' || station_id
    ELSE 'topic:' || COALESCE(category_id, '')
  END
) VIRTUAL;

-- SHA-256 of the comparable text (letters and digits of title and content after NFKC, lower case),
-- computed by the Worker: identical texts to one addressee are found by the index, in the write.
ALTER TABLE opinions ADD COLUMN comparable_hash TEXT CHECK (comparable_hash IS NULL OR length(comparable_hash) = 64);

CREATE INDEX opinions_by_addressee ON opinions (addressee_key, received_at);
CREATE INDEX opinions_by_addressee_text ON opinions (addressee_key, comparable_hash, received_at)
  WHERE comparable_hash IS NOT NULL;

-- Review for abuse is internal: "released from review" was shown on the sender's timeline. Hide
-- the entries already written, and refuse public hold/release entries from now on.
UPDATE opinion_events SET is_public = 0, public_text = '' WHERE kind IN ('held', 'released') AND is_public = 1;
CREATE TRIGGER opinion_events_review_is_internal
BEFORE INSERT ON opinion_events
WHEN NEW.kind IN ('held', 'released') AND NEW.is_public IS NOT 0
BEGIN
  SELECT RAISE(ABORT, 'review_events_are_internal');
END;
