import {
  activityTypeLabels,
  deputyStatusLabels,
  expertiseLabels,
  genderLabels,
  groupRoleLabels,
  sectorLabels,
} from '#domain/deputies.ts';
import { areaKindLabels, receptionDayStatusLabels, stationKindLabels } from '#domain/places.ts';
import { reportFormLabels } from '#domain/reports.ts';
import {
  commitmentStatusLabels,
  resultClassLabels,
  satisfactionLabels,
  suggestionCategoryLabels,
  suggestionStatusLabels,
} from '#domain/suggestions.ts';
import { groupKindLabels } from '#domain/groups.ts';
import { handlingUnitKindLabels } from '#domain/units.ts';

/**
 * How the console shows each record type registered in functions/changes/rules.ts: the list
 * columns and the form's inputs. Validation stays in the rule; this is presentation only. Option
 * lists that come from the database name a fixed query (queries.ts), never SQL.
 */

export type OptionSource =
  | 'areas'
  | 'stations'
  | 'deputies'
  | 'terms'
  | 'congresses'
  | 'station_deputies'
  | 'handling_units'
  | 'electoral_units';

export interface FormField {
  name: string;
  kind: 'text' | 'textarea' | 'date' | 'datetime' | 'number' | 'select' | 'multi' | 'yesno';
  options?: Readonly<Record<string, string>> | OptionSource;
  hint?: string;
  /** Set when the record is created, fixed afterwards (shown, not editable). */
  createOnly?: boolean;
  optional?: boolean;
  maxlength?: number;
}

export interface RecordForm {
  /** List columns: the record's own columns, in order; the first is the record's name. */
  list: readonly string[];
  /** Column searched by the list's search box and used for ordering. */
  search: string;
  /**
   * A column matched exactly, by its index, when the search text is an id (a deputy's id among
   * 970,000 duty activities): the text search then runs only for other words.
   */
  exactSearch?: string;
  order: string;
  fields: readonly FormField[];
  /** Text ids are typed in when a record is created; integer ids are chosen by the database. */
  idHint?: string;
}

const yesNo = { '1': '是', '0': '否' };

export const recordForms: Readonly<Record<string, RecordForm>> = {
  station: {
    list: ['name', 'address', 'phone', 'opening_hours'],
    search: 'name',
    order: 'name',
    idHint: '用于网址，只用小写字母、数字和连字符，例如 dongcheng-donghu。',
    fields: [
      { name: 'name', kind: 'text', maxlength: 80 },
      { name: 'kind', kind: 'select', options: stationKindLabels },
      { name: 'area_id', kind: 'select', options: 'areas' },
      { name: 'address', kind: 'text', maxlength: 200 },
      {
        name: 'opening_hours',
        kind: 'text',
        maxlength: 200,
        optional: true,
        hint: '例如：每周三 9:00–11:30',
      },
      { name: 'phone', kind: 'text', maxlength: 30, optional: true, hint: '对外公开的联络站电话。' },
      {
        name: 'latitude',
        kind: 'number',
        optional: true,
        hint: '十进制度数，例如 30.274085；经纬度须同时填写或同时留空。',
      },
      { name: 'longitude', kind: 'number', optional: true, hint: '例如 120.155070' },
      { name: 'is_active', kind: 'yesno', options: yesNo },
      {
        name: 'deputy_ids',
        kind: 'textarea',
        optional: true,
        hint: '每行一个代表编号（公开网址 /deputies/编号/ 中的那一段），也可用逗号或空格分隔。',
      },
    ],
  },
  reception_day: {
    list: ['starts_at', 'station_id', 'topic', 'status'],
    search: 'topic',
    order: 'starts_at',
    fields: [
      { name: 'station_id', kind: 'select', options: 'stations', createOnly: true },
      { name: 'starts_at', kind: 'datetime' },
      { name: 'ends_at', kind: 'datetime' },
      { name: 'topic', kind: 'text', maxlength: 120, optional: true },
      {
        name: 'deputy_ids',
        kind: 'multi',
        options: 'station_deputies',
        optional: true,
        hint: '可多选（按住 Ctrl 或 ⌘）。',
      },
      { name: 'status', kind: 'select', options: receptionDayStatusLabels },
      {
        name: 'status_note',
        kind: 'text',
        maxlength: 200,
        optional: true,
        hint: '改期或取消时向群众说明，显示在网站和日历中。',
      },
    ],
  },
  deputy: {
    list: ['name', 'unit_position', 'status', 'status_since'],
    search: 'name',
    order: 'name',
    idHint: '新当选（含补选）代表的编号，用于网址，3 到 40 位小写字母、数字和连字符；编号不得重复使用。',
    fields: [
      {
        name: 'name',
        kind: 'text',
        maxlength: 40,
        hint: '姓名、届次和选举单位是官方信息：修改须说明原因，并由另一位工作人员确认。',
      },
      { name: 'gender', kind: 'select', options: genderLabels },
      { name: 'ethnicity', kind: 'text', maxlength: 20 },
      { name: 'birth_year', kind: 'number', optional: true, hint: '四位数年份，例如 1975。' },
      { name: 'political_affiliation', kind: 'text', maxlength: 40, optional: true },
      { name: 'term_id', kind: 'select', options: 'terms' },
      { name: 'electoral_unit_id', kind: 'select', options: 'electoral_units', hint: '须属于所选届次。' },
      { name: 'unit_position', kind: 'text', maxlength: 120, optional: true },
      { name: 'sector', kind: 'select', options: sectorLabels, optional: true },
      { name: 'holds_official_post', kind: 'yesno', options: yesNo },
      { name: 'is_reelected', kind: 'yesno', options: yesNo },
      {
        name: 'expertise',
        kind: 'multi',
        options: expertiseLabels,
        optional: true,
        hint: '可多选（按住 Ctrl 或 ⌘）。',
      },
      {
        name: 'office_phone',
        kind: 'text',
        maxlength: 30,
        optional: true,
        hint: '只填对外公开的工作电话，不填私人号码。',
      },
      { name: 'office_email', kind: 'text', maxlength: 120, optional: true },
      {
        name: 'status',
        kind: 'select',
        options: deputyStatusLabels,
        hint: '补选产生的代表选“在任”，生效日期填当选日期。辞职、罢免、终止代表资格须填写生效日期和原因，并由另一位工作人员确认。',
      },
      { name: 'status_since', kind: 'date' },
    ],
  },
  // 970,000 activities at scale 10: listed by key (newest first, a page reads its own rows),
  // searched by a deputy's id through the (deputy_id, occurred_on, title) index, and the deputy
  // named by a typed, reference-checked id, never a select of every deputy.
  duty_activity: {
    list: ['title', 'deputy_id', 'type', 'occurred_on', 'days'],
    search: 'title',
    exactSearch: 'deputy_id',
    order: 'id',
    fields: [
      {
        name: 'deputy_id',
        kind: 'text',
        maxlength: 40,
        hint: '代表的编号，即公开网址 /deputies/编号/ 中的那一段。改为其他代表须说明原因，并由另一位工作人员确认。',
      },
      { name: 'type', kind: 'select', options: activityTypeLabels },
      { name: 'occurred_on', kind: 'date' },
      {
        name: 'days',
        kind: 'number',
        hint: '以半天计（0.5、1、1.5…）。天数决定代表是否达到每年闭会期间履职天数要求：修改须说明原因，并由另一位工作人员确认。',
      },
      { name: 'title', kind: 'text', maxlength: 200 },
    ],
  },
  deputy_group: {
    list: ['name', 'kind', 'area_id'],
    search: 'name',
    order: 'name',
    idHint: '用于网址，只用小写字母、数字和连字符，例如 donghu-group-1。',
    fields: [
      { name: 'name', kind: 'text', maxlength: 80 },
      { name: 'kind', kind: 'select', options: groupKindLabels },
      {
        name: 'congress_id',
        kind: 'select',
        options: 'congresses',
        optional: true,
        hint: '代表小组选所属人民代表大会；五级联合小组留空。',
      },
      { name: 'area_id', kind: 'select', options: 'areas', optional: true },
      { name: 'description', kind: 'textarea', optional: true },
      {
        name: 'members',
        kind: 'textarea',
        optional: true,
        hint: '每行一个代表编号，也可用逗号或空格分隔。留在名单中的组员保留其组长、联络员等职务。',
      },
    ],
  },
  // A member's role, opened from the group's page (membership itself is the group's member list).
  group_member: {
    list: ['deputy_id', 'group_id', 'role'],
    search: 'group_id',
    exactSearch: 'deputy_id',
    order: 'id',
    fields: [
      { name: 'group_id', kind: 'text', createOnly: true },
      { name: 'deputy_id', kind: 'text', createOnly: true },
      {
        name: 'role',
        kind: 'select',
        options: groupRoleLabels,
        hint: '每个代表小组只有一位组长。更换组长：先为原组长起草改任其他职务（或在小组名单中移出）的修改，再任命新组长；两项修改在同一次发布中生效，发布时先执行原组长的修改。',
      },
    ],
  },
  duty_report: {
    list: ['deputy_id', 'year', 'form', 'reported_on'],
    search: 'deputy_id',
    order: 'reported_on',
    idHint: '例如 deputy-id-2025。',
    fields: [
      { name: 'deputy_id', kind: 'select', options: 'deputies', createOnly: true },
      { name: 'year', kind: 'number', createOnly: true },
      { name: 'form', kind: 'select', options: reportFormLabels },
      { name: 'reported_on', kind: 'date' },
      { name: 'audience', kind: 'text', maxlength: 120 },
      { name: 'law_observance', kind: 'textarea' },
      { name: 'session_work', kind: 'textarea' },
      { name: 'between_sessions_work', kind: 'textarea' },
      { name: 'public_contact', kind: 'textarea' },
      { name: 'other_matters', kind: 'textarea', optional: true },
      {
        name: 'evaluation_satisfied',
        kind: 'number',
        hint: '选民测评票数；修改后须由另一位工作人员对照测评表确认。',
      },
      { name: 'evaluation_basically_satisfied', kind: 'number' },
      { name: 'evaluation_dissatisfied', kind: 'number' },
    ],
  },
  area: {
    list: ['name', 'kind', 'parent_id'],
    search: 'name',
    order: 'name',
    idHint: '例如 dongcheng-donghu。',
    fields: [
      { name: 'name', kind: 'text', maxlength: 60 },
      { name: 'kind', kind: 'select', options: areaKindLabels },
      { name: 'parent_id', kind: 'select', options: 'areas', optional: true },
      { name: 'sort_order', kind: 'number' },
    ],
  },
  electoral_unit: {
    list: ['name', 'kind', 'term_id', 'seats'],
    search: 'name',
    order: 'name',
    fields: [
      { name: 'term_id', kind: 'select', options: 'terms' },
      { name: 'kind', kind: 'select', options: { electoral_unit: '选举单位', constituency: '选区' } },
      { name: 'name', kind: 'text', maxlength: 80 },
      { name: 'seats', kind: 'number', optional: true },
    ],
  },
  term: {
    list: ['congress_id', 'number', 'starts_on', 'ends_on', 'is_current'],
    search: 'id',
    order: 'starts_on',
    fields: [
      { name: 'congress_id', kind: 'select', options: 'congresses' },
      { name: 'number', kind: 'number' },
      { name: 'starts_on', kind: 'date' },
      { name: 'ends_on', kind: 'date' },
      { name: 'is_current', kind: 'yesno', options: yesNo },
    ],
  },
  session: {
    list: ['term_id', 'number', 'opens_on', 'closes_on'],
    search: 'id',
    order: 'opens_on',
    fields: [
      { name: 'term_id', kind: 'select', options: 'terms' },
      { name: 'number', kind: 'number' },
      { name: 'opens_on', kind: 'date' },
      { name: 'closes_on', kind: 'date' },
    ],
  },
  notice: {
    list: ['title', 'published_on', 'is_visible'],
    search: 'title',
    order: 'published_on',
    idHint: '用于网址，例如 2025-reception-schedule。',
    fields: [
      { name: 'title', kind: 'text', maxlength: 120 },
      { name: 'published_on', kind: 'date' },
      { name: 'body', kind: 'textarea', hint: '纯文本，空一行分段。长篇内容请仍用仓库中的 MDX 新闻。' },
      { name: 'is_visible', kind: 'yesno', options: yesNo },
    ],
  },
  // A city has tens of thousands of suggestions, replies and commitments: their lists are ordered by
  // key (the primary key's order, so a page reads only its own rows), and a suggestion is named by
  // its typed id with a reference check, never picked from a select of every suggestion.
  suggestion: {
    list: ['title', 'session_id', 'status', 'result_class'],
    search: 'title',
    order: 'id',
    fields: [
      { name: 'title', kind: 'text', maxlength: 200 },
      { name: 'body', kind: 'textarea' },
      { name: 'category', kind: 'select', options: suggestionCategoryLabels },
      {
        name: 'status',
        kind: 'select',
        options: suggestionStatusLabels,
        hint: '修改办理状态须说明原因，原因会公开在更正记录中。',
      },
      {
        name: 'key_supervision_leader',
        kind: 'text',
        maxlength: 60,
        optional: true,
        hint: '重点督办的领导姓名和职务；不是重点督办件请留空。',
      },
    ],
  },
  suggestion_reply: {
    list: ['suggestion_id', 'handling_unit_id', 'round', 'result_class', 'replied_on'],
    search: 'suggestion_id',
    order: 'id',
    fields: [
      {
        name: 'suggestion_id',
        kind: 'text',
        maxlength: 80,
        createOnly: true,
        hint: '议案建议的编号，即公开网址 /suggestions/编号/ 中的那一段。',
      },
      {
        name: 'handling_unit_id',
        kind: 'select',
        options: 'handling_units',
        createOnly: true,
        hint: '重新办理由主办单位答复。',
      },
      {
        name: 'round',
        kind: 'number',
        createOnly: true,
        hint: '新的一轮须紧接在代表测评为“不满意”的那一轮之后。',
      },
      { name: 'replied_on', kind: 'date' },
      {
        name: 'result_class',
        kind: 'select',
        options: resultClassLabels,
        optional: true,
        hint: '办理结果是官方统计数字：修改须说明原因，并由另一位工作人员确认后才能发布。',
      },
      { name: 'body', kind: 'textarea' },
    ],
  },
  // A rating is recorded from its suggestion's page (the suggestion and round filled in there).
  suggestion_rating: {
    list: ['suggestion_id', 'round', 'satisfaction', 'rated_on'],
    search: 'suggestion_id',
    exactSearch: 'suggestion_id',
    order: 'id',
    fields: [
      {
        name: 'suggestion_id',
        kind: 'text',
        maxlength: 80,
        createOnly: true,
        hint: '议案建议的编号，即公开网址 /suggestions/编号/ 中的那一段。',
      },
      {
        name: 'round',
        kind: 'number',
        createOnly: true,
        hint: '测评的是第几轮答复（1 到 9），这一轮须已有答复。',
      },
      { name: 'rated_on', kind: 'date' },
      {
        name: 'satisfaction',
        kind: 'select',
        options: satisfactionLabels,
        hint: '满意度是官方统计数字：须写明原因和依据（如测评表编号），并由另一位工作人员确认后才能发布。测评为“不满意”的，发布后这件建议转为重新办理。',
      },
    ],
  },
  commitment: {
    list: ['description', 'suggestion_id', 'status', 'due_on'],
    search: 'description',
    order: 'id',
    idHint: '只用小写字母、数字和连字符，习惯写作 cm-议案建议编号-序号。',
    fields: [
      {
        name: 'suggestion_id',
        kind: 'text',
        maxlength: 80,
        createOnly: true,
        hint: '议案建议的编号，即公开网址 /suggestions/编号/ 中的那一段。',
      },
      { name: 'handling_unit_id', kind: 'select', options: 'handling_units', createOnly: true },
      { name: 'description', kind: 'textarea', maxlength: 500 },
      { name: 'due_on', kind: 'date' },
      {
        name: 'status',
        kind: 'select',
        options: commitmentStatusLabels,
        hint: '兑现情况是官方记录：修改须说明原因，并由另一位工作人员确认。',
      },
      { name: 'kept_on', kind: 'date', optional: true, hint: '仅在已兑现时填写。' },
      {
        name: 'evidence',
        kind: 'textarea',
        maxlength: 1000,
        optional: true,
        hint: '已兑现：写明依据（文件、现场核实等）；未兑现：写明原因。',
      },
    ],
  },
  handling_unit: {
    list: ['name', 'kind'],
    search: 'name',
    order: 'name',
    fields: [
      { name: 'name', kind: 'text', maxlength: 80 },
      { name: 'kind', kind: 'select', options: handlingUnitKindLabels },
    ],
  },
};
