/**
 * The open data: every list of the records pages as a dataset, defined once. The same column
 * definitions write the CSV, the JSON and the data dictionary (/data/), so the three agree.
 *
 * JSON carries codes (e.g. "basically_satisfied"); CSV carries the Chinese label of an enum
 * (e.g. 基本满意) because people open it in a spreadsheet; the dictionary lists both.
 */
import { suggestions } from './datasets/suggestions.ts';
import { assignments } from './datasets/assignments.ts';
import { replies } from './datasets/replies.ts';
import { ratings } from './datasets/ratings.ts';
import { commitments } from './datasets/commitments.ts';
import { units } from './datasets/units.ts';
import { rounds } from './datasets/rounds.ts';
import { candidates } from './datasets/candidates.ts';
import { milestones } from './datasets/milestones.ts';
import { changes } from './datasets/changes.ts';
import { statsSessions } from './datasets/stats-sessions.ts';
import { statsUnits } from './datasets/stats-units.ts';
import { statsCategories } from './datasets/stats-categories.ts';
import { statsActivity } from './datasets/stats-activity.ts';
import { statsReports } from './datasets/stats-reports.ts';
import { statsOpinions } from './datasets/stats-opinions.ts';
import { deputies } from './datasets/deputies.ts';
import { stations } from './datasets/stations.ts';
import { receptionDays } from './datasets/reception-days.ts';
import { dutyActivities } from './datasets/duty-activities.ts';
import { dutyReports } from './datasets/duty-reports.ts';

/** Every dataset, in the order the data dictionary lists them. */
export const DATASETS = [
  suggestions,
  assignments,
  replies,
  ratings,
  commitments,
  units,
  rounds,
  candidates,
  milestones,
  changes,
  deputies,
  stations,
  receptionDays,
  dutyActivities,
  dutyReports,
  statsSessions,
  statsUnits,
  statsCategories,
  statsActivity,
  statsReports,
  statsOpinions,
];
