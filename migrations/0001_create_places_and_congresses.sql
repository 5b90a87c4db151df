-- Migration: create the places, congresses, terms and electoral units.
-- Note: a CHECK whose expression is NULL passes in SQLite, so checks compare with IS, never =.
-- Every congress portal has one city-level tree of areas; deputies of every level
-- are tied to areas through their electoral unit or constituency.


-- Key/value settings the site and the worker read (portal name, demo flag, as-of date).
CREATE TABLE portal_settings (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
  value TEXT NOT NULL
) STRICT;

-- Administrative areas: city > district > street/township > community/village.
CREATE TABLE areas (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) BETWEEN 1 AND 80),
  parent_id TEXT REFERENCES areas (id),
  kind TEXT NOT NULL CHECK (kind IN ('city', 'district', 'street', 'township', 'community', 'village')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  sort_order INTEGER NOT NULL DEFAULT 0,
  CHECK ((kind = 'city') = (parent_id IS NULL)),
  UNIQUE (parent_id, name)
) STRICT;
CREATE INDEX areas_by_parent ON areas (parent_id, sort_order);

-- A people's congress at one of the five levels, seated in an area.
CREATE TABLE congresses (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  level TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'municipal', 'county', 'township')),
  name TEXT NOT NULL UNIQUE,
  area_id TEXT REFERENCES areas (id),
  sort_order INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A term (届) of one congress, e.g. 第十六届.
CREATE TABLE terms (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  congress_id TEXT NOT NULL REFERENCES congresses (id),
  number INTEGER NOT NULL CHECK (number > 0),
  starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
  ends_on TEXT NOT NULL CHECK (date(ends_on) IS ends_on),
  is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
  CHECK (ends_on > starts_on),
  UNIQUE (congress_id, number)
) STRICT;
CREATE UNIQUE INDEX terms_one_current_per_congress ON terms (congress_id) WHERE is_current = 1;

-- A numbered session (次会议) of a term, where motions and suggestions are filed.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  term_id TEXT NOT NULL REFERENCES terms (id),
  number INTEGER NOT NULL CHECK (number > 0),
  opens_on TEXT NOT NULL CHECK (date(opens_on) IS opens_on),
  closes_on TEXT NOT NULL CHECK (date(closes_on) IS closes_on),
  CHECK (closes_on >= opens_on),
  UNIQUE (term_id, number)
) STRICT;

-- Electoral unit (选举单位, upper three levels) or constituency (选区, lower two).
CREATE TABLE electoral_units (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  term_id TEXT NOT NULL REFERENCES terms (id),
  kind TEXT NOT NULL CHECK (kind IN ('electoral_unit', 'constituency')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  seats INTEGER CHECK (seats IS NULL OR seats > 0),
  UNIQUE (term_id, name)
) STRICT;

-- Which areas an electoral unit or constituency covers: the basis of "find my deputies".
CREATE TABLE electoral_unit_areas (
  electoral_unit_id TEXT NOT NULL REFERENCES electoral_units (id),
  area_id TEXT NOT NULL REFERENCES areas (id),
  PRIMARY KEY (electoral_unit_id, area_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX electoral_unit_areas_by_area ON electoral_unit_areas (area_id);
