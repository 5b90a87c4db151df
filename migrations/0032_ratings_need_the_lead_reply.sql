-- Migration: a deputy's satisfaction rating is of the lead unit's (主办单位) reply of a round, so a
-- round can be rated only once its lead unit has replied; a co-handling unit's (协办) reply alone
-- does not open it. The console's rule (functions/changes/rules.ts suggestion_rating requiresRow)
-- names this view, at the draft and again at the publish. Nothing is dropped or changed.
CREATE VIEW suggestion_lead_replies AS
SELECT r.suggestion_id, r.round, r.handling_unit_id
FROM suggestion_replies r
JOIN suggestion_assignments a
  ON a.suggestion_id = r.suggestion_id AND a.handling_unit_id = r.handling_unit_id AND a.role = 'lead';
