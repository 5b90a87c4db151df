import {
  activityTypeLabels,
  deputyStatusLabels,
  expertiseLabels,
  genderLabels,
  groupRoleLabels,
  sectorLabels,
} from '#domain/deputies.ts';
import { groupKindLabels } from '#domain/groups.ts';
import { receptionDayStatusLabels, stationKindLabels } from '#domain/places.ts';
import {
  commitmentStatusLabels,
  resultClassLabels,
  satisfactionLabels,
  suggestionCategoryLabels,
  suggestionStatusLabels,
} from '#domain/suggestions.ts';
import { roundModeLabels, roundPhaseLabels } from '#domain/projects.ts';
import { beijingDateTime } from '../lib/time.ts';
import { entityRule } from './rules.ts';
import { importKindLabels } from '../staff/imports/schema.ts';

/**
 * Fields that reach the change log by trigger rather than through the console's lifecycle, so no
 * entity rule names them.
 */
const triggerFieldLabels: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  deputy: { status: '代表状态', unit_position: '单位职务', name: '姓名' },
  project_candidate: { adopted: '票决结果', budget_yuan: '预算' },
  // An applied import: the field is its kind, the new value its counts (functions/staff/imports/lifecycle.ts).
  import: Object.fromEntries(Object.entries(importKindLabels).map(([kind, label]) => [kind, `${label}导入`])),
};

/** The zh-CN name of a changed field, as the change log and the publish page show it. */
export function changeFieldLabel(entityType: string, field: string): string {
  return triggerFieldLabels[entityType]?.[field] ?? entityRule(entityType)?.labels[field] ?? field;
}

/** Coded values and their zh-CN wording, per record type and field. */
const valueLabels: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  deputy: {
    status: deputyStatusLabels,
    gender: genderLabels,
    sector: sectorLabels,
    expertise: expertiseLabels,
    holds_official_post: { '1': '是', '0': '否' },
    is_reelected: { '1': '是', '0': '否' },
  },
  duty_activity: { type: activityTypeLabels },
  deputy_group: { kind: groupKindLabels },
  group_member: { role: groupRoleLabels },
  reception_day: { status: receptionDayStatusLabels },
  station: { kind: stationKindLabels },
  suggestion: {
    status: suggestionStatusLabels,
    category: suggestionCategoryLabels,
    result_class: resultClassLabels,
    satisfaction: satisfactionLabels,
  },
  suggestion_reply: { result_class: resultClassLabels },
  suggestion_rating: { satisfaction: satisfactionLabels },
  commitment: { status: commitmentStatusLabels },
  project_round: { mode: roundModeLabels, counts_public: { '1': '是', '0': '否' } },
  round_phase: { phase: roundPhaseLabels },
};

/** Values that are read in another form than stored: a phase's UTC times in Beijing time. */
const valueFormats: Readonly<Record<string, Readonly<Record<string, (value: string) => string>>>> = {
  round_phase: {
    starts_at: (v) => `${beijingDateTime(v)}（北京时间）`,
    ends_at: (v) => `${beijingDateTime(v)}（北京时间）`,
  },
};

/** A changed value as people read it (a coded value by its label), on the publish page and the change log. */
export function changeValueText(entityType: string, field: string, value: string): string {
  const format = valueFormats[entityType]?.[field];
  if (format) return format(value);
  const labels = valueLabels[entityType]?.[field];
  if (!labels) return value;
  // A list field is logged as its codes joined by 、 (functions/changes/fields.ts logText).
  return (
    labels[value] ??
    value
      .split('、')
      .map((v) => labels[v] ?? v)
      .join('、')
  );
}
