-- Migration: create deputies, their status history, deputy groups, liaison stations
-- and reception days.

CREATE TABLE deputies (
  -- Stable public id used in URLs; never reused.
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) BETWEEN 3 AND 40),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  ethnicity TEXT NOT NULL CHECK (length(ethnicity) BETWEEN 1 AND 20),
  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1920 AND 2010),
  political_affiliation TEXT CHECK (political_affiliation IS NULL OR length(political_affiliation) <= 40),
  photo_path TEXT CHECK (photo_path IS NULL OR photo_path GLOB '/*'),
  term_id TEXT NOT NULL REFERENCES terms (id),
  electoral_unit_id TEXT NOT NULL REFERENCES electoral_units (id),
  unit_position TEXT NOT NULL DEFAULT '' CHECK (length(unit_position) <= 120),
  -- Occupational sector as published in rosters (workers and farmers, professionals, officials...).
  sector TEXT CHECK (sector IS NULL OR sector IN ('worker_farmer', 'professional', 'official', 'business', 'other')),
  holds_official_post INTEGER NOT NULL DEFAULT 0 CHECK (holds_official_post IN (0, 1)),
  is_reelected INTEGER NOT NULL DEFAULT 0 CHECK (is_reelected IN (0, 1)),
  -- Work contact published by the office; never a private number.
  office_phone TEXT CHECK (office_phone IS NULL OR length(office_phone) <= 30),
  office_email TEXT CHECK (office_email IS NULL OR office_email LIKE '%_@_%'),
  status TEXT NOT NULL DEFAULT 'serving' CHECK (status IN ('serving', 'resigned', 'removed', 'terminated', 'deceased')),
  status_since TEXT NOT NULL CHECK (date(status_since) IS status_since),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX deputies_by_term ON deputies (term_id, status);
CREATE INDEX deputies_by_electoral_unit ON deputies (electoral_unit_id);

-- Dated history of a deputy's status: elected, resigned, removed (罢免), terminated.
CREATE TABLE deputy_status_events (
  id INTEGER PRIMARY KEY,
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  status TEXT NOT NULL CHECK (status IN ('serving', 'resigned', 'removed', 'terminated', 'deceased')),
  effective_on TEXT NOT NULL CHECK (date(effective_on) IS effective_on),
  reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
  UNIQUE (deputy_id, effective_on, status)
) STRICT;

-- Expertise fields of the deputy expert pool.
CREATE TABLE deputy_expertise (
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  field TEXT NOT NULL CHECK (field IN ('law', 'finance', 'agriculture', 'urban_construction', 'environment', 'education', 'health', 'science_technology')),
  PRIMARY KEY (deputy_id, field)
) STRICT, WITHOUT ROWID;
CREATE INDEX deputy_expertise_by_field ON deputy_expertise (field);

-- Deputy groups (代表小组) and five-level joint groups (联合小组).
CREATE TABLE deputy_groups (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  kind TEXT NOT NULL CHECK (kind IN ('group', 'joint_group')),
  congress_id TEXT REFERENCES congresses (id),
  area_id TEXT REFERENCES areas (id),
  description TEXT NOT NULL DEFAULT '',
  -- A plain group belongs to one congress; a joint group mixes levels.
  CHECK ((kind = 'group') = (congress_id IS NOT NULL))
) STRICT;

CREATE TABLE deputy_group_members (
  group_id TEXT NOT NULL REFERENCES deputy_groups (id),
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'vice_leader', 'liaison', 'member')),
  PRIMARY KEY (group_id, deputy_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX deputy_group_members_by_deputy ON deputy_group_members (deputy_id);
CREATE UNIQUE INDEX deputy_groups_one_leader ON deputy_group_members (group_id) WHERE role = 'leader';

-- Liaison stations (代表联络站 / 人大代表之家 / 接待点).
CREATE TABLE stations (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  kind TEXT NOT NULL CHECK (kind IN ('station', 'home', 'reception_point')),
  area_id TEXT NOT NULL REFERENCES areas (id),
  address TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  opening_hours TEXT NOT NULL DEFAULT '' CHECK (length(opening_hours) <= 200),
  phone TEXT CHECK (phone IS NULL OR length(phone) <= 30),
  star_rating INTEGER CHECK (star_rating IS NULL OR star_rating BETWEEN 1 AND 5),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
) STRICT;
CREATE INDEX stations_by_area ON stations (area_id);

-- Deputies who have entered a station (进站) to meet constituents there.
CREATE TABLE station_deputies (
  station_id TEXT NOT NULL REFERENCES stations (id),
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  PRIMARY KEY (station_id, deputy_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX station_deputies_by_deputy ON station_deputies (deputy_id);

-- Reception days (接待日): times in ISO 8601 with the +08:00 offset.
CREATE TABLE reception_days (
  id INTEGER PRIMARY KEY,
  station_id TEXT NOT NULL REFERENCES stations (id),
  starts_at TEXT NOT NULL CHECK (length(starts_at) = 25 AND substr(starts_at, 20) = '+08:00' AND strftime('%Y-%m-%dT%H:%M:%S', substr(starts_at, 1, 19)) IS substr(starts_at, 1, 19)),
  ends_at TEXT NOT NULL CHECK (length(ends_at) = 25 AND substr(ends_at, 20) = '+08:00' AND strftime('%Y-%m-%dT%H:%M:%S', substr(ends_at, 1, 19)) IS substr(ends_at, 1, 19)),
  topic TEXT NOT NULL DEFAULT '' CHECK (length(topic) <= 120),
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  CHECK (ends_at > starts_at),
  UNIQUE (station_id, starts_at)
) STRICT;
CREATE INDEX reception_days_by_time ON reception_days (starts_at);

CREATE TABLE reception_day_deputies (
  reception_day_id INTEGER NOT NULL REFERENCES reception_days (id),
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  PRIMARY KEY (reception_day_id, deputy_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX reception_day_deputies_by_deputy ON reception_day_deputies (deputy_id);
