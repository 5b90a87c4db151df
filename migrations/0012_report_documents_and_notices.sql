-- Migration: the original document of a duty report (kept in R2, named here once published) and
-- short notices written in the console (shown with the news; long pages stay MDX in the repository).

-- R2 key reports/<report id>/<sha256>.<pdf|docx>; the public page links to /files/reports/<id>.
ALTER TABLE duty_reports ADD COLUMN document_key TEXT
  CHECK (document_key IS NULL OR (document_key GLOB 'reports/*' AND length(document_key) <= 200));
ALTER TABLE duty_reports ADD COLUMN document_name TEXT
  CHECK (document_name IS NULL OR length(document_name) BETWEEN 1 AND 200);
ALTER TABLE duty_reports ADD COLUMN document_type TEXT
  CHECK (document_type IS NULL OR document_type IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
ALTER TABLE duty_reports ADD COLUMN document_bytes INTEGER
  CHECK (document_bytes IS NULL OR document_bytes BETWEEN 1 AND 10000000);

CREATE TABLE notices (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*' AND length(id) BETWEEN 1 AND 80),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  published_on TEXT NOT NULL CHECK (date(published_on) IS published_on),
  is_visible INTEGER NOT NULL DEFAULT 1 CHECK (is_visible IN (0, 1)),
  row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1)
) STRICT;
CREATE INDEX notices_by_date ON notices (published_on);

CREATE TRIGGER notices_bump_row_version AFTER UPDATE ON notices
WHEN NEW.row_version IS OLD.row_version
BEGIN
  UPDATE notices SET row_version = OLD.row_version + 1 WHERE id = NEW.id;
END;
