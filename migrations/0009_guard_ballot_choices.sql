-- Migration: the database itself refuses a ballot whose choices are not 1 to max_choices distinct
-- candidates of its round. The Worker checks this first for a friendly answer (from a short-lived
-- copy of the round), but the batch that stores the ballot is what decides.

CREATE TRIGGER ballots_only_valid_choices
BEFORE INSERT ON ballots
WHEN json_array_length(NEW.choices) < 1
  OR json_array_length(NEW.choices) > (SELECT max_choices FROM project_rounds WHERE year = NEW.round_year)
  OR (SELECT COUNT(DISTINCT value) FROM json_each(NEW.choices)) <> json_array_length(NEW.choices)
  OR EXISTS (
    SELECT 1 FROM json_each(NEW.choices) AS choice
    WHERE NOT EXISTS (
      SELECT 1 FROM project_candidates c WHERE c.id = choice.value AND c.round_year = NEW.round_year
    )
  )
BEGIN
  SELECT RAISE(ABORT, 'choices_not_in_round');
END;
