-- Migration: create citizens' opinions (群众意见建议), their timeline, and the contact details
-- kept apart from them (erased after the retention period).

CREATE TABLE opinion_categories (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*' AND id NOT GLOB '*[^a-z0-9_]*' AND length(id) <= 40),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
  sort_order INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
) STRICT;

CREATE TABLE opinions (
  id INTEGER PRIMARY KEY,
  -- SHA-256 of the tracking code; the code itself is shown once and never stored.
  tracking_hash TEXT NOT NULL UNIQUE CHECK (length(tracking_hash) = 64),
  target_type TEXT NOT NULL CHECK (target_type IN ('deputy', 'station', 'topic')),
  deputy_id TEXT REFERENCES deputies (id),
  station_id TEXT REFERENCES stations (id),
  category_id TEXT REFERENCES opinion_categories (id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  content TEXT NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
  status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'held', 'triaged', 'forwarded', 'replied', 'closed', 'rejected')),
  -- 分层分类: which level of the office deals with it.
  layer TEXT CHECK (layer IS NULL OR layer IN ('station', 'district', 'city', 'handling_unit')),
  forwarded_unit_id TEXT REFERENCES handling_units (id),
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  due_on TEXT CHECK (due_on IS NULL OR date(due_on) IS due_on),
  first_replied_at TEXT,
  public_reply TEXT,
  public_reply_at TEXT,
  -- The sender agreed that the reply (without their name) may be shown publicly.
  allow_publication INTEGER NOT NULL DEFAULT 0 CHECK (allow_publication IN (0, 1)),
  feedback_resolved TEXT CHECK (feedback_resolved IS NULL OR feedback_resolved IN ('yes', 'partly', 'no')),
  feedback_comment TEXT CHECK (feedback_comment IS NULL OR length(feedback_comment) <= 1000),
  feedback_at TEXT,
  CHECK ((target_type = 'deputy') = (deputy_id IS NOT NULL)),
  CHECK ((target_type = 'station') = (station_id IS NOT NULL)),
  CHECK (feedback_resolved IS NULL OR public_reply IS NOT NULL)
) STRICT;
CREATE INDEX opinions_by_status ON opinions (status, received_at);
CREATE INDEX opinions_by_deputy ON opinions (deputy_id, received_at) WHERE deputy_id IS NOT NULL;
CREATE INDEX opinions_by_station ON opinions (station_id, received_at) WHERE station_id IS NOT NULL;

-- Contact details live apart from the opinion, are read only by staff, and are erased by the
-- scheduled job once erase_after has passed.
CREATE TABLE opinion_contacts (
  opinion_id INTEGER PRIMARY KEY REFERENCES opinions (id),
  name TEXT CHECK (name IS NULL OR length(name) <= 40),
  contact TEXT CHECK (contact IS NULL OR length(contact) <= 120),
  contact_kind TEXT CHECK (contact_kind IS NULL OR contact_kind IN ('phone', 'email')),
  erase_after TEXT NOT NULL,
  erased_at TEXT,
  CHECK ((contact IS NULL) = (contact_kind IS NULL))
) STRICT;
CREATE INDEX opinion_contacts_to_erase ON opinion_contacts (erase_after) WHERE erased_at IS NULL;

-- The status timeline. Public entries are what the citizen sees with the tracking code.
CREATE TABLE opinion_events (
  id INTEGER PRIMARY KEY,
  opinion_id INTEGER NOT NULL REFERENCES opinions (id),
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  kind TEXT NOT NULL CHECK (kind IN ('received', 'held', 'released', 'triaged', 'forwarded', 'replied', 'closed', 'rejected', 'feedback', 'note')),
  is_public INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1)),
  public_text TEXT NOT NULL DEFAULT '',
  staff_note TEXT NOT NULL DEFAULT '',
  actor_staff_id TEXT
) STRICT;
CREATE INDEX opinion_events_by_opinion ON opinion_events (opinion_id, at);

-- A retried submission with the same Idempotency-Key returns the first answer.
CREATE TABLE idempotency_keys (
  key_hash TEXT PRIMARY KEY CHECK (length(key_hash) = 64),
  scope TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT, WITHOUT ROWID;
