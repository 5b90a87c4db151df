-- Migration: create duty activities (履职活动) and duty reports (履职报告) with voters' evaluation.

CREATE TABLE duty_activities (
  id INTEGER PRIMARY KEY,
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  type TEXT NOT NULL CHECK (type IN (
    'session_meeting', 'standing_committee_attendance', 'law_enforcement_inspection',
    'inspection_visit', 'research', 'group_activity', 'reception_day', 'training', 'other'
  )),
  occurred_on TEXT NOT NULL CHECK (date(occurred_on) IS occurred_on),
  -- Half days count; the yearly floor between sessions is 15 days.
  days REAL NOT NULL CHECK (days > 0 AND days <= 31 AND days * 2 = CAST(days * 2 AS INTEGER)),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- Natural key for imports from the office's ledger.
  UNIQUE (deputy_id, occurred_on, title)
) STRICT;
CREATE INDEX duty_activities_by_date ON duty_activities (occurred_on);

CREATE TABLE duty_reports (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) <= 80),
  deputy_id TEXT NOT NULL REFERENCES deputies (id),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  form TEXT NOT NULL CHECK (form IN ('meeting', 'written')),
  reported_on TEXT NOT NULL CHECK (date(reported_on) IS reported_on),
  -- To whom: the original electoral unit or the voters of the original constituency.
  audience TEXT NOT NULL CHECK (length(audience) BETWEEN 1 AND 120),
  -- The five sections of a duty report.
  law_observance TEXT NOT NULL,
  session_work TEXT NOT NULL,
  between_sessions_work TEXT NOT NULL,
  public_contact TEXT NOT NULL,
  other_matters TEXT NOT NULL DEFAULT '',
  evaluation_satisfied INTEGER NOT NULL DEFAULT 0 CHECK (evaluation_satisfied >= 0),
  evaluation_basically_satisfied INTEGER NOT NULL DEFAULT 0 CHECK (evaluation_basically_satisfied >= 0),
  evaluation_dissatisfied INTEGER NOT NULL DEFAULT 0 CHECK (evaluation_dissatisfied >= 0),
  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (deputy_id, year)
) STRICT;
CREATE INDEX duty_reports_by_year ON duty_reports (year, reported_on);
