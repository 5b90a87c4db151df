import { z } from 'zod';
import {
  activityTypes,
  deputyStatuses,
  expertiseFields,
  genders,
  groupRoles,
  sectors,
} from '#domain/deputies.ts';
import { groupKinds } from '#domain/groups.ts';
import { areaKinds, receptionDayStatuses, stationKinds } from '#domain/places.ts';
import { reportForms } from '#domain/reports.ts';
import {
  commitmentStatuses,
  resultClasses,
  satisfactions,
  suggestionCategories,
  suggestionStatuses,
} from '#domain/suggestions.ts';
import { handlingUnitKinds } from '#domain/units.ts';
import { roundModes, roundPhases } from '#domain/projects.ts';
import { MAX_BUDGET_YUAN, MAX_CHOICES } from '../staff/rounds/limits.ts';
import type { Capability } from '../staff/auth/schema.ts';
import {
  beijingDateTime,
  blankableText,
  choice,
  choiceList,
  type FieldValue,
  halfDays,
  idList,
  integer,
  isoDate,
  nullableChoice,
  nullableIsoDate,
  nullableDecimal,
  nullableInteger,
  nullableSlug,
  nullableText,
  requiredText,
  slug,
} from './fields.ts';
import { documentTypes, MAX_DOCUMENT_BYTES } from './documents.ts';

/**
 * Entity appliers: for each kind of official record, which live table a change lands in, which
 * fields may change and how they are validated, and which changes need a second person to confirm
 * them. The core (actions.ts) knows nothing else about a record type, so other areas add theirs
 * with registerEntityRule without touching it.
 */

/** A field that is not a column but a set of rows in a link table (e.g. a reception day's deputies). */
export interface ListField {
  /** The link table, its column holding the record's key, and the column holding the listed ids. */
  table: string;
  ownerColumn: string;
  valueColumn: string;
  /** The table the listed ids must exist in; none for a list of fixed codes (checked by the schema). */
  references?: string;
  label: string;
}

/**
 * What a rule's `check` may read of the database, handed in by the lifecycle's actions: the rules
 * stay declarations without D1 (the site's change log reads their labels in Node) and without a
 * cycle through the queries that read them.
 */
export interface RuleLookups {
  /** A suggestion's last answered round is rated 不满意 with no later reply (sent back). */
  lastAnsweredRoundSentBack: (suggestionId: string) => Promise<boolean>;
}

export interface EntityRule {
  /** entity_type in official_changes and change_log. */
  type: string;
  label: string;
  table: string;
  key: string;
  /** How new ids are made: given in the form (text) or the next free integer. */
  keyKind: 'text' | 'integer';
  /**
   * The key column is computed by the database from other columns (a phase's "2041/public_voting"
   * from its round and phase): a create inserts those columns, never the key itself.
   */
  keyGenerated?: boolean;
  /** A generated key as the database computes it, for a new record whose form does not name it. */
  keyOf?: (record: Readonly<Record<string, FieldValue>>) => string;
  /** Editable columns, in form order. */
  columns: readonly string[];
  lists?: Readonly<Record<string, ListField>>;
  /** Zh-CN names of the fields, for the change log and error summaries. */
  labels: Readonly<Record<string, string>>;
  /** The whole record (columns and lists), validated as it would be after the change. */
  schema: z.ZodType<Record<string, FieldValue>>;
  /** Columns that must name an existing row of another table. */
  references?: Readonly<Record<string, string>>;
  /**
   * A referenced row that must agree with another field of the record, e.g. a deputy's electoral
   * unit must belong to the deputy's term: column -> the referenced table, its column, the field.
   */
  consistentWith?: Readonly<
    Record<string, { table: string; column: string; field: string; message: string }>
  >;
  /**
   * The table's UNIQUE constraints (natural keys): a draft that would repeat one is refused at the
   * field named here, before it could fail a publish.
   */
  uniqueTogether?: readonly {
    columns: readonly string[];
    /** A partial unique index: only rows holding these values count (one leader per group). */
    where?: Readonly<Record<string, string>>;
    field: string;
    message: string;
    /**
     * The key may be handed over (a group's new leader while the old one steps down): a draft that
     * takes it is allowed while every record holding it has an open change giving it up (its own
     * change, or its owner's list dropping it). The publish applies those changes first. When one
     * of them is not applied by the same publish, the taking change is held (`taken`); when the
     * taking change cannot be applied, the changes giving the key up are held too (`kept`), so a
     * hand-over never leaves the key without a holder by accident.
     */
    handOver?: { taken: string; kept: string };
  }[];
  /**
   * A row of another table the record needs (a rating needs the round's reply; a new handling round
   * needs the last round rated 不满意): the other table's columns equal to the record's fields (a
   * number field may be shifted, e.g. the round before) and fixed values. Checked at the draft, at
   * the field named, whenever one of the matched fields is set.
   */
  requiresRow?: readonly {
    table: string;
    match: Readonly<Record<string, { field: string; plus?: number }>>;
    where?: Readonly<Record<string, string>>;
    field: string;
    message: string;
  }[];
  /**
   * A rule of the domain that no field schema can see because it reads other tables (a case sent
   * back for re-handling cannot be closed before its next answer): the field messages, if any.
   */
  check?: (
    lookups: RuleLookups,
    entityId: string | null,
    record: Readonly<Record<string, FieldValue>>,
    after: Readonly<Record<string, FieldValue>>,
  ) => Promise<Record<string, string>>;
  /** Fields a create sets and an update never changes (they name the record: a rating's suggestion and round). */
  fixedFields?: readonly string[];
  /**
   * A publish applies changes of this type after the others: their live write moves a field of
   * another record by trigger (a rating sends its suggestion back for re-handling), and a change of
   * that record drafted from the version before would otherwise find it moved.
   */
  publishLast?: boolean;
  /** What a typed id of a new record must look like, beyond the console's slug (the table's CHECK). */
  idSchema?: z.ZodType<string>;
  /** Which changed fields make a second person's confirmation necessary (official figures). */
  confirmFields?: readonly string[];
  /** Which staff capability drafts changes of this type. */
  capability: Capability;
  actions: readonly ('create' | 'update' | 'delete')[];
  /** A reason is required when one of these fields changes (rescheduling, cancelling, status). */
  reasonFields?: readonly string[];
  /**
   * Official figures (vote counts, the deputies' vote, milestone progress): every change needs a
   * reason and a reference such as the tally sheet number (issue 12). A list of fields: only a
   * change of one of them does (a candidate's budget, not its description); a new record only when
   * it gives one of them a value.
   */
  referenceRequired?: boolean | readonly string[];
  /**
   * The column naming the liaison station a record belongs to. Set on record types whose
   * capability station staff hold: their reads and drafts are limited to their own station by it,
   * and a record type without it is refused to them.
   */
  stationColumn?: string;
  /** Rows to add when a change is applied, e.g. the dated status history of a deputy. */
  history?: 'deputy_status';
}

const rules = new Map<string, EntityRule>();

const IDENT = /^[a-z_]+$/;

/** Registers a record type. Names end up in SQL, so they must be plain identifiers. */
export function registerEntityRule(rule: EntityRule): void {
  const names = [
    rule.type,
    rule.table,
    rule.key,
    ...rule.columns,
    ...Object.keys(rule.lists ?? {}),
    ...Object.values(rule.lists ?? {}).flatMap((l) => [
      l.table,
      l.ownerColumn,
      l.valueColumn,
      ...(l.references ? [l.references] : []),
    ]),
    ...Object.values(rule.references ?? {}),
    ...Object.entries(rule.consistentWith ?? {}).flatMap(([c, w]) => [c, w.table, w.column, w.field]),
    ...(rule.uniqueTogether ?? []).flatMap((u) => [...u.columns, ...Object.keys(u.where ?? {}), u.field]),
    ...(rule.stationColumn ? [rule.stationColumn] : []),
    ...(rule.requiresRow ?? []).flatMap((r) => [
      r.table,
      r.field,
      ...Object.keys(r.match),
      ...Object.values(r.match).map((m) => m.field),
      ...Object.keys(r.where ?? {}),
    ]),
  ];
  const bad = names.find((n) => !IDENT.test(n));
  if (bad) throw new Error(`entity rule ${rule.type}: ${bad} is not a plain identifier`);
  rules.set(rule.type, rule);
}

export function entityRule(type: string): EntityRule | undefined {
  return rules.get(type);
}

export function entityRules(): EntityRule[] {
  return [...rules.values()];
}

/** The fields of a record type: columns, then list fields. */
export function fieldNames(rule: EntityRule): string[] {
  return [...rule.columns, ...Object.keys(rule.lists ?? {})];
}

export function needsConfirmation(rule: EntityRule, changed: readonly string[]): boolean {
  return changed.some((f) => rule.confirmFields?.includes(f));
}

/**
 * The changed fields that need a reason and a reference (referenceRequired); `after` holds their
 * new values, so a new record that leaves such a field empty does not ask for one.
 */
export function referenceFieldsOf(
  rule: EntityRule,
  action: 'create' | 'update' | 'delete',
  changed: readonly string[],
  after: Readonly<Record<string, FieldValue>> | null,
): string[] {
  if (action === 'delete' || !rule.referenceRequired) return [];
  if (rule.referenceRequired === true) return [...changed];
  const fields = rule.referenceRequired;
  return changed.filter((f) => fields.includes(f) && !(action === 'create' && (after?.[f] ?? null) === null));
}

// ---------------------------------------------------------------------------------------------
// The office's record types (issue 11).

registerEntityRule({
  type: 'station',
  label: '联络站',
  table: 'stations',
  key: 'id',
  keyKind: 'text',
  columns: [
    'name',
    'kind',
    'area_id',
    'address',
    'opening_hours',
    'phone',
    'latitude',
    'longitude',
    'is_active',
  ],
  // The deputies who receive constituents here (the public station page lists them; a reception
  // day's deputies are chosen among them). Office staff keep them; station staff keep only days.
  lists: {
    deputy_ids: {
      table: 'station_deputies',
      ownerColumn: 'station_id',
      valueColumn: 'deputy_id',
      references: 'deputies',
      label: '进站代表',
    },
  },
  labels: {
    name: '名称',
    kind: '类型',
    area_id: '所在区域',
    address: '地址',
    opening_hours: '开放时间',
    phone: '联系电话',
    latitude: '纬度',
    longitude: '经度',
    is_active: '是否运行',
    deputy_ids: '进站代表',
  },
  schema: z
    .object({
      name: requiredText('名称', 80),
      kind: choice('类型', stationKinds),
      area_id: slug('所在区域'),
      address: requiredText('地址', 200),
      opening_hours: blankableText('开放时间', 200),
      phone: z.preprocess(
        (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
        z
          .string()
          .trim()
          .regex(/^[0-9+\-() ]{5,30}$/, '联系电话只能包含数字、空格和 + - ( )，5 到 30 位。')
          .nullable(),
      ),
      latitude: nullableDecimal('纬度', -90, 90),
      longitude: nullableDecimal('经度', -180, 180),
      is_active: integer('是否运行', 0, 1),
      deputy_ids: idList('进站代表', 300),
    })
    .superRefine((r, ctx) => {
      if ((r.latitude === null) !== (r.longitude === null)) {
        ctx.addIssue({
          code: 'custom',
          path: [r.latitude === null ? 'latitude' : 'longitude'],
          message: '经度和纬度要么都填，要么都不填。',
        });
      }
    }),
  references: { area_id: 'areas' },
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'reception_day',
  label: '接待日',
  table: 'reception_days',
  key: 'id',
  keyKind: 'integer',
  columns: ['station_id', 'starts_at', 'ends_at', 'topic', 'status', 'status_note'],
  lists: {
    deputy_ids: {
      table: 'reception_day_deputies',
      ownerColumn: 'reception_day_id',
      valueColumn: 'deputy_id',
      references: 'deputies',
      label: '接待代表',
    },
  },
  labels: {
    station_id: '联络站',
    starts_at: '开始时间',
    ends_at: '结束时间',
    topic: '主题',
    status: '状态',
    status_note: '变更说明',
    deputy_ids: '接待代表',
  },
  schema: z
    .object({
      station_id: slug('联络站'),
      starts_at: beijingDateTime('开始时间'),
      ends_at: beijingDateTime('结束时间'),
      topic: blankableText('主题', 120),
      status: choice('状态', receptionDayStatuses),
      status_note: blankableText('变更说明', 200),
      deputy_ids: idList('接待代表', 20),
    })
    .superRefine((r, ctx) => {
      if (r.ends_at <= r.starts_at) {
        ctx.addIssue({ code: 'custom', path: ['ends_at'], message: '结束时间须晚于开始时间。' });
      }
    }),
  references: { station_id: 'stations' },
  // The office keeps every station's days; a station's own staff keep theirs (no second person:
  // a reception day is a schedule, not an official figure).
  capability: 'reception_days.edit',
  stationColumn: 'station_id',
  actions: ['create', 'update'],
  reasonFields: ['starts_at', 'ends_at', 'status'],
});

const officePhone = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,30}$/, '办公电话只能包含数字、空格和 + - ( )，5 到 30 位。')
    .nullable(),
);

registerEntityRule({
  type: 'deputy',
  label: '代表信息',
  table: 'deputies',
  key: 'id',
  keyKind: 'text',
  columns: [
    'name',
    'gender',
    'ethnicity',
    'birth_year',
    'political_affiliation',
    'term_id',
    'electoral_unit_id',
    'unit_position',
    'sector',
    'holds_official_post',
    'is_reelected',
    'office_phone',
    'office_email',
    'status',
    'status_since',
  ],
  lists: {
    expertise: {
      table: 'deputy_expertise',
      ownerColumn: 'deputy_id',
      valueColumn: 'field',
      label: '专业领域',
    },
  },
  labels: {
    name: '姓名',
    gender: '性别',
    ethnicity: '民族',
    birth_year: '出生年份',
    political_affiliation: '政治面貌',
    term_id: '届次',
    electoral_unit_id: '选举单位/选区',
    unit_position: '单位职务',
    sector: '界别',
    holds_official_post: '是否担任领导职务',
    is_reelected: '是否连任',
    office_phone: '办公电话',
    office_email: '办公邮箱',
    status: '代表状态',
    status_since: '状态生效日期',
    expertise: '专业领域',
  },
  // The CHECKs of migrations/0002, as field messages.
  schema: z.object({
    name: requiredText('姓名', 40),
    gender: choice('性别', genders),
    ethnicity: requiredText('民族', 20),
    birth_year: nullableInteger('出生年份', 1920, 2010),
    political_affiliation: nullableText('政治面貌', 40),
    term_id: slug('届次'),
    electoral_unit_id: slug('选举单位/选区'),
    unit_position: blankableText('单位职务', 120),
    sector: nullableChoice('界别', sectors),
    holds_official_post: integer('是否担任领导职务', 0, 1),
    is_reelected: integer('是否连任', 0, 1),
    office_phone: officePhone,
    office_email: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
      z.string().trim().max(120, '办公邮箱过长。').pipe(z.email('请填写有效的办公邮箱。')).nullable(),
    ),
    status: choice('代表状态', deputyStatuses),
    status_since: isoDate('状态生效日期'),
    expertise: choiceList('专业领域', expertiseFields),
  }),
  references: { term_id: 'terms', electoral_unit_id: 'electoral_units' },
  consistentWith: {
    electoral_unit_id: {
      table: 'electoral_units',
      column: 'term_id',
      field: 'term_id',
      message: '所选的选举单位/选区不属于所选届次。',
    },
  },
  // deputies.id: 3 to 40 characters (a new deputy of a by-election gets a new id, never a reused one).
  idSchema: z.string().min(3, '代表编号至少 3 个字符。').max(40, '代表编号不能超过 40 个字符。'),
  // Who the deputies are is an official fact: a new deputy (a by-election), a name, a term, an
  // electoral unit and a status are confirmed by a second person. A create changes every field,
  // so it always needs one.
  confirmFields: ['name', 'term_id', 'electoral_unit_id', 'status', 'status_since'],
  capability: 'records.edit',
  actions: ['create', 'update'],
  reasonFields: ['name', 'term_id', 'electoral_unit_id', 'status'],
  history: 'deputy_status',
});

registerEntityRule({
  type: 'duty_activity',
  label: '履职活动',
  table: 'duty_activities',
  key: 'id',
  keyKind: 'integer',
  columns: ['deputy_id', 'type', 'occurred_on', 'days', 'title'],
  labels: {
    deputy_id: '代表编号',
    type: '活动类型',
    occurred_on: '活动日期',
    days: '履职天数',
    title: '活动名称',
  },
  // The CHECKs of migrations/0003, as field messages.
  schema: z.object({
    deputy_id: slug('代表编号'),
    type: choice('活动类型', activityTypes),
    occurred_on: isoDate('活动日期'),
    days: halfDays('履职天数', 31),
    title: requiredText('活动名称', 200),
  }),
  references: { deputy_id: 'deputies' },
  uniqueTogether: [
    {
      columns: ['deputy_id', 'occurred_on', 'title'],
      field: 'title',
      message: '这位代表在这一天已有同名的履职活动，请核对后修改活动名称或日期。',
    },
  ],
  // The days decide whether a deputy meets the yearly floor (and whose days they are): a second
  // person confirms them. A new activity sets its days, so it is always confirmed.
  confirmFields: ['days', 'deputy_id'],
  capability: 'records.edit',
  actions: ['create', 'update'],
  reasonFields: ['days', 'deputy_id'],
});

registerEntityRule({
  type: 'deputy_group',
  label: '代表小组',
  table: 'deputy_groups',
  key: 'id',
  keyKind: 'text',
  columns: ['name', 'kind', 'congress_id', 'area_id', 'description'],
  lists: {
    // Members keep their role (组长, 联络员…) while they stay in the list (replaceListStatements).
    members: {
      table: 'deputy_group_members',
      ownerColumn: 'group_id',
      valueColumn: 'deputy_id',
      references: 'deputies',
      label: '组员',
    },
  },
  labels: {
    name: '名称',
    kind: '类型',
    congress_id: '人民代表大会',
    area_id: '活动区域',
    description: '简介',
    members: '组员',
  },
  // The CHECKs of migrations/0002, as field messages.
  schema: z
    .object({
      name: requiredText('名称', 80),
      kind: choice('类型', groupKinds),
      congress_id: nullableSlug('人民代表大会'),
      area_id: nullableSlug('活动区域'),
      description: blankableText('简介', 2000),
      members: idList('组员', 500),
    })
    .superRefine((r, ctx) => {
      if ((r.kind === 'group') !== (r.congress_id !== null)) {
        ctx.addIssue({
          code: 'custom',
          path: ['congress_id'],
          message:
            r.kind === 'group'
              ? '代表小组须选择所属人民代表大会。'
              : '联合小组由各级代表组成，不选所属人民代表大会。',
        });
      }
    }),
  references: { congress_id: 'congresses', area_id: 'areas' },
  uniqueTogether: [{ columns: ['name'], field: 'name', message: '已有同名的代表小组。' }],
  capability: 'records.edit',
  actions: ['create', 'update'],
});

// A member's role in a group (migration 0030 gives memberships a row_version and one key,
// "<group id>.<deputy id>"). Who belongs to a group is the group's own list field; here only the
// role changes. A group has one leader (组长): the SQL unique index deputy_groups_one_leader, as a
// field message at the draft, and at the publish a second leader is held with the reason instead of
// failing the whole publish. The leader is swapped in one publish (handOver): the new leader may be
// drafted while the old one has an open change that demotes them or drops them from the group, and
// the publish applies that change first. A role is not an official figure: no second person.
registerEntityRule({
  type: 'group_member',
  label: '代表小组成员职务',
  table: 'deputy_group_members',
  key: 'id',
  keyKind: 'text',
  keyGenerated: true,
  columns: ['group_id', 'deputy_id', 'role'],
  labels: { group_id: '代表小组', deputy_id: '代表编号', role: '职务' },
  schema: z.object({
    group_id: slug('代表小组'),
    deputy_id: slug('代表编号'),
    role: choice('职务', groupRoles),
  }),
  uniqueTogether: [
    {
      columns: ['group_id'],
      where: { role: 'leader' },
      field: 'role',
      message:
        '这个代表小组已有组长。请先为原组长起草改任其他职务（或移出本组）的修改，再任命新的组长；两项修改可在同一次发布中生效。',
      handOver: {
        taken:
          '原组长改任其他职务（或移出本组）的修改没有在本次发布中生效（尚待确认、已过期或被暂缓），新组长的任命先不生效，待原组长的修改发布时再一并发布。',
        kept: '新组长的任命没有在本次发布中生效（见那项修改的原因），原组长的这项修改一并暂缓，以免小组没有组长；处理好新组长的修改后再发布，或撤回新组长的修改后单独发布这一项。',
      },
    },
  ],
  fixedFields: ['group_id', 'deputy_id'],
  capability: 'records.edit',
  actions: ['update'],
});

const evaluation = (label: string) => integer(label, 0, 10_000_000);

registerEntityRule({
  type: 'duty_report',
  label: '履职报告',
  table: 'duty_reports',
  key: 'id',
  keyKind: 'text',
  columns: [
    'deputy_id',
    'year',
    'form',
    'reported_on',
    'audience',
    'law_observance',
    'session_work',
    'between_sessions_work',
    'public_contact',
    'other_matters',
    'evaluation_satisfied',
    'evaluation_basically_satisfied',
    'evaluation_dissatisfied',
    'document_key',
    'document_name',
    'document_type',
    'document_bytes',
  ],
  labels: {
    deputy_id: '代表',
    year: '年度',
    form: '形式',
    reported_on: '报告日期',
    audience: '报告对象',
    law_observance: '遵守宪法和法律情况',
    session_work: '会议期间履职情况',
    between_sessions_work: '闭会期间活动情况',
    public_contact: '联系群众情况',
    other_matters: '其他情况',
    evaluation_satisfied: '满意票数',
    evaluation_basically_satisfied: '基本满意票数',
    evaluation_dissatisfied: '不满意票数',
    document_key: '原件',
    document_name: '原件文件名',
    document_type: '原件类型',
    document_bytes: '原件大小',
  },
  schema: z.object({
    deputy_id: slug('代表'),
    year: integer('年度', 2000, 2100),
    form: choice('形式', reportForms),
    reported_on: isoDate('报告日期'),
    audience: requiredText('报告对象', 120),
    law_observance: requiredText('遵守宪法和法律情况', 20_000),
    session_work: requiredText('会议期间履职情况', 20_000),
    between_sessions_work: requiredText('闭会期间活动情况', 20_000),
    public_contact: requiredText('联系群众情况', 20_000),
    other_matters: blankableText('其他情况', 20_000),
    evaluation_satisfied: evaluation('满意票数'),
    evaluation_basically_satisfied: evaluation('基本满意票数'),
    evaluation_dissatisfied: evaluation('不满意票数'),
    // Set by the upload (functions/staff/records/documents.ts) after the file passed its checks.
    document_key: z.preprocess(
      (v) => (v === undefined ? null : v),
      z
        .string()
        .regex(/^reports\/[a-z0-9-]{1,80}\/[0-9a-f]{64}\.(pdf|docx)$/, '原件存储位置无效。')
        .nullable(),
    ),
    document_name: z.preprocess((v) => (v === undefined ? null : v), z.string().min(1).max(200).nullable()),
    document_type: z.preprocess(
      (v) => (v === undefined ? null : v),
      z.enum(Object.values(documentTypes) as [string, ...string[]]).nullable(),
    ),
    document_bytes: z.preprocess(
      (v) => (v === undefined ? null : v),
      z.number().int().min(1).max(MAX_DOCUMENT_BYTES).nullable(),
    ),
  }),
  references: { deputy_id: 'deputies' },
  // Voters' evaluation figures are official numbers: a second person checks them against the tally.
  confirmFields: ['evaluation_satisfied', 'evaluation_basically_satisfied', 'evaluation_dissatisfied'],
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'area',
  label: '行政区域',
  table: 'areas',
  key: 'id',
  keyKind: 'text',
  columns: ['parent_id', 'kind', 'name', 'sort_order'],
  labels: { parent_id: '上级区域', kind: '类型', name: '名称', sort_order: '排序' },
  schema: z
    .object({
      parent_id: nullableSlug('上级区域'),
      kind: choice('类型', areaKinds),
      name: requiredText('名称', 60),
      sort_order: integer('排序', -100_000, 100_000),
    })
    .superRefine((r, ctx) => {
      if ((r.kind === 'city') !== (r.parent_id === null)) {
        ctx.addIssue({
          code: 'custom',
          path: ['parent_id'],
          message: r.kind === 'city' ? '市级区域没有上级区域。' : '请选择上级区域。',
        });
      }
    }),
  references: { parent_id: 'areas' },
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'electoral_unit',
  label: '选举单位/选区',
  table: 'electoral_units',
  key: 'id',
  keyKind: 'text',
  columns: ['term_id', 'kind', 'name', 'seats'],
  labels: { term_id: '届次', kind: '类型', name: '名称', seats: '名额' },
  schema: z.object({
    term_id: slug('届次'),
    kind: choice('类型', ['electoral_unit', 'constituency'] as const),
    name: requiredText('名称', 80),
    seats: z.preprocess(
      (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v) : v),
      z
        .number({ error: '名额须为正整数。' })
        .int('名额须为正整数。')
        .min(1, '名额须为正整数。')
        .max(10_000)
        .nullable(),
    ),
  }),
  references: { term_id: 'terms' },
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'term',
  label: '届次',
  table: 'terms',
  key: 'id',
  keyKind: 'text',
  columns: ['congress_id', 'number', 'starts_on', 'ends_on', 'is_current'],
  labels: {
    congress_id: '人民代表大会',
    number: '届数',
    starts_on: '开始日期',
    ends_on: '结束日期',
    is_current: '是否本届',
  },
  schema: z
    .object({
      congress_id: slug('人民代表大会'),
      number: integer('届数', 1, 100),
      starts_on: isoDate('开始日期'),
      ends_on: isoDate('结束日期'),
      is_current: integer('是否本届', 0, 1),
    })
    .superRefine((r, ctx) => {
      if (r.ends_on <= r.starts_on)
        ctx.addIssue({ code: 'custom', path: ['ends_on'], message: '结束日期须晚于开始日期。' });
    }),
  references: { congress_id: 'congresses' },
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'session',
  label: '会议',
  table: 'sessions',
  key: 'id',
  keyKind: 'text',
  columns: ['term_id', 'number', 'opens_on', 'closes_on'],
  labels: { term_id: '届次', number: '次数', opens_on: '开幕日期', closes_on: '闭幕日期' },
  schema: z
    .object({
      term_id: slug('届次'),
      number: integer('次数', 1, 100),
      opens_on: isoDate('开幕日期'),
      closes_on: isoDate('闭幕日期'),
    })
    .superRefine((r, ctx) => {
      if (r.closes_on < r.opens_on)
        ctx.addIssue({ code: 'custom', path: ['closes_on'], message: '闭幕日期不能早于开幕日期。' });
    }),
  references: { term_id: 'terms' },
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'handling_unit',
  label: '承办单位',
  table: 'handling_units',
  key: 'id',
  keyKind: 'text',
  columns: ['name', 'kind'],
  labels: { name: '名称', kind: '类型' },
  schema: z.object({ name: requiredText('名称', 80), kind: choice('类型', handlingUnitKinds) }),
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'notice',
  label: '通知公告',
  table: 'notices',
  key: 'id',
  keyKind: 'text',
  columns: ['title', 'body', 'published_on', 'is_visible'],
  labels: { title: '标题', body: '正文', published_on: '发布日期', is_visible: '是否显示' },
  schema: z.object({
    title: requiredText('标题', 120),
    body: requiredText('正文', 5000),
    published_on: isoDate('发布日期'),
    is_visible: integer('是否显示', 0, 1),
  }),
  capability: 'records.edit',
  actions: ['create', 'update'],
});

// ---------------------------------------------------------------------------------------------
// Official numbers of the livelihood projects (issue 12): four eyes on every count. Each change
// needs a reason and a reference, is confirmed by a second staff member (never the one who
// entered it) and counts publicly only once a publish applies it.

const nullableCount = (label: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.trim()) : v),
    z
      .number({ error: `${label}须为整数。` })
      .int(`${label}须为整数。`)
      .min(0, `${label}不能小于 0。`)
      .max(10_000_000)
      .nullable(),
  );

registerEntityRule({
  type: 'candidate_tally',
  label: '线下计票（联络站、纸质票）',
  table: 'candidate_tallies',
  key: 'candidate_id',
  keyKind: 'text',
  columns: ['station_count', 'paper_count'],
  labels: { station_count: '联络站投票数', paper_count: '纸质投票数' },
  schema: z.object({
    station_count: integer('联络站投票数', 0, 10_000_000),
    paper_count: integer('纸质投票数', 0, 10_000_000),
  }),
  confirmFields: ['station_count', 'paper_count'],
  referenceRequired: true,
  capability: 'rounds.manage',
  actions: ['update'],
});

// A candidate (issue 12 and its follow-up): its text is a record like any other (no second person);
// its budget decides which projects are adopted and funded, so, like the deputies' vote, it needs a
// second person, a reason and a reference. A new candidate becomes a choice on the public ballot, so
// it always needs one (a create changes every field, the budget among them).
registerEntityRule({
  type: 'project_candidate',
  label: '候选项目',
  table: 'project_candidates',
  key: 'id',
  keyKind: 'text',
  columns: [
    'round_year',
    'title',
    'description',
    'department_id',
    'budget_yuan',
    'sort_order',
    'deputies_for',
    'deputies_against',
    'deputies_abstain',
    'adopted',
  ],
  labels: {
    round_year: '年度',
    title: '项目名称',
    description: '项目说明',
    department_id: '牵头部门',
    budget_yuan: '预算（元）',
    sort_order: '排序',
    deputies_for: '赞成票',
    deputies_against: '反对票',
    deputies_abstain: '弃权票',
    adopted: '票决结果',
  },
  // The CHECKs of migrations/0005, as field messages.
  schema: z
    .object({
      round_year: integer('年度', 2000, 2100),
      title: requiredText('项目名称', 120),
      description: requiredText('项目说明', 5000),
      department_id: nullableSlug('牵头部门'),
      budget_yuan: z.preprocess(
        (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v.trim()) : v),
        z
          .number({ error: '预算请填写整数（元）。' })
          .int('预算请填写整数（元）。')
          .min(0, '预算不能为负数。')
          .max(MAX_BUDGET_YUAN, '预算不能超过 1 万亿元，请核对单位（元）。')
          .nullable(),
      ),
      sort_order: integer('排序', 0, 10_000),
      deputies_for: nullableCount('赞成票'),
      deputies_against: nullableCount('反对票'),
      deputies_abstain: nullableCount('弃权票'),
      adopted: z.preprocess(
        (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? Number(v) : v),
        z.union([z.literal(0), z.literal(1)], { error: '请选择票决结果。' }).nullable(),
      ),
    })
    .superRefine((r, ctx) => {
      const given = [r.deputies_for, r.deputies_against, r.deputies_abstain].filter((v) => v !== null).length;
      if (given !== 0 && given !== 3) {
        ctx.addIssue({ code: 'custom', path: ['deputies_for'], message: '赞成、反对、弃权票须同时填写。' });
      }
      if (r.adopted !== null && given === 0) {
        ctx.addIssue({ code: 'custom', path: ['adopted'], message: '先填写票数，再填写票决结果。' });
      }
    }),
  references: { department_id: 'handling_units' },
  uniqueTogether: [
    { columns: ['round_year', 'title'], field: 'title', message: '本轮次已有同名的候选项目。' },
  ],
  confirmFields: ['budget_yuan', 'deputies_for', 'deputies_against', 'deputies_abstain', 'adopted'],
  reasonFields: ['budget_yuan'],
  referenceRequired: ['budget_yuan', 'deputies_for', 'deputies_against', 'deputies_abstain', 'adopted'],
  capability: 'rounds.manage',
  actions: ['create', 'update'],
});

// A round's settings. The title and description are text; how people vote (codes or open), how many
// choices a ballot takes and whether counts show while voting is open decide the public vote, so
// they need a second person and a reason. A new round is a `create` of this type keyed by its year
// (functions/staff/rounds/queries.ts saveRound): it fills those settings, so a second person
// confirms it, and nothing of it is public (nor can a phase or candidate join it) before a publish
// applies it.
registerEntityRule({
  type: 'project_round',
  label: '票决轮次',
  table: 'project_rounds',
  key: 'year',
  keyKind: 'integer',
  columns: ['title', 'mode', 'max_choices', 'counts_public', 'description'],
  labels: {
    title: '轮次标题',
    mode: '投票方式',
    max_choices: '每票最多可选',
    counts_public: '投票期间公开票数',
    description: '轮次说明',
  },
  // The CHECKs of migrations/0005; the console's limit of MAX_CHOICES (a ballot's one batch).
  schema: z.object({
    title: requiredText('轮次标题', 120),
    mode: choice('投票方式', roundModes),
    max_choices: integer('每票最多可选', 1, MAX_CHOICES),
    counts_public: integer('投票期间公开票数', 0, 1),
    description: blankableText('轮次说明', 2000),
  }),
  // The year is the key (migrations/0005's CHECK): a create names it, never the next free number.
  idSchema: z
    .string()
    .regex(/^\d{4}$/, '年度请填写 2000 至 2100 之间的整数。')
    .refine((v) => Number(v) >= 2000 && Number(v) <= 2100, '年度请填写 2000 至 2100 之间的整数。'),
  confirmFields: ['mode', 'max_choices', 'counts_public'],
  reasonFields: ['mode', 'max_choices', 'counts_public'],
  capability: 'rounds.manage',
  actions: ['create', 'update'],
});

/** A stored UTC time to the second, as round_phases keeps it (the ballots trigger compares it as text). */
const utcSecond = (label: string) =>
  z
    .string({ error: `请填写${label}。` })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, `请填写有效的${label}。`)
    .refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 19) + 'Z' === v, {
      message: `请填写有效的${label}。`,
    });

// A phase window of a round. The public voting window opens and closes the ballot box (the ballots
// trigger reads it), and the other windows are the published timetable of an official vote: every
// start and end needs a second person and a reason, and moves only when a publish applies it.
registerEntityRule({
  type: 'round_phase',
  label: '票决阶段',
  table: 'round_phases',
  key: 'id',
  keyKind: 'text',
  keyGenerated: true,
  columns: ['round_year', 'phase', 'starts_at', 'ends_at'],
  labels: { round_year: '年度', phase: '阶段', starts_at: '开始时间', ends_at: '结束时间' },
  schema: z
    .object({
      round_year: integer('年度', 2000, 2100),
      phase: choice('阶段', roundPhases),
      starts_at: utcSecond('开始时间'),
      ends_at: utcSecond('结束时间'),
    })
    .superRefine((r, ctx) => {
      if (r.ends_at <= r.starts_at) {
        ctx.addIssue({ code: 'custom', path: ['ends_at'], message: '结束时间必须晚于开始时间。' });
      }
    }),
  confirmFields: ['starts_at', 'ends_at'],
  reasonFields: ['starts_at', 'ends_at'],
  capability: 'rounds.manage',
  actions: ['create', 'update'],
});

// A project's evaluation after it is carried out: the counts are official figures (issue 12's rule
// for official numbers), so a second person confirms them, with a reason and the survey as reference.
registerEntityRule({
  type: 'project_evaluation',
  label: '项目实施评估',
  table: 'project_evaluations',
  key: 'candidate_id',
  keyKind: 'text',
  columns: ['evaluated_on', 'satisfied', 'basically_satisfied', 'dissatisfied', 'summary'],
  labels: {
    evaluated_on: '评估日期',
    satisfied: '满意',
    basically_satisfied: '基本满意',
    dissatisfied: '不满意',
    summary: '评估结论',
  },
  schema: z.object({
    evaluated_on: isoDate('评估日期'),
    satisfied: evaluation('满意'),
    basically_satisfied: evaluation('基本满意'),
    dissatisfied: evaluation('不满意'),
    summary: requiredText('评估结论', 5000),
  }),
  confirmFields: ['evaluated_on', 'satisfied', 'basically_satisfied', 'dissatisfied'],
  referenceRequired: true,
  capability: 'rounds.manage',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'project_milestone',
  label: '实施节点',
  table: 'project_milestones',
  key: 'id',
  keyKind: 'integer',
  columns: ['candidate_id', 'title', 'due_on', 'done_on', 'progress_percent', 'note'],
  labels: {
    candidate_id: '项目',
    title: '节点',
    due_on: '计划完成日期',
    done_on: '实际完成日期',
    progress_percent: '完成进度（%）',
    note: '说明',
  },
  schema: z.object({
    candidate_id: slug('项目'),
    title: requiredText('节点', 200),
    due_on: isoDate('计划完成日期'),
    done_on: nullableIsoDate('实际完成日期'),
    progress_percent: integer('完成进度', 0, 100),
    note: blankableText('说明', 500),
  }),
  references: { candidate_id: 'project_candidates' },
  confirmFields: ['progress_percent', 'done_on'],
  referenceRequired: true,
  capability: 'rounds.manage',
  actions: ['create', 'update'],
});

// ---------------------------------------------------------------------------------------------
// Deputies' suggestions and their handling: the office corrects the published text, the reply
// rounds and the commitment ledger here instead of re-importing the ledger. A reply's result
// class and a commitment's status are official figures: a second person confirms them. The
// suggestion's "latest" result_class follows its lead unit's last reply by trigger (0021).

registerEntityRule({
  type: 'suggestion',
  label: '议案建议',
  table: 'suggestions',
  key: 'id',
  keyKind: 'text',
  columns: ['title', 'body', 'category', 'status', 'key_supervision_leader'],
  labels: {
    title: '标题',
    body: '内容',
    category: '领域',
    status: '办理状态',
    key_supervision_leader: '重点督办领导',
    // Kept in step by triggers (replies, ratings), shown in the list and the change log.
    result_class: '办理结果',
    satisfaction: '代表满意度',
    session_id: '会议',
  },
  schema: z.object({
    title: requiredText('标题', 200),
    body: requiredText('内容', 20_000),
    category: choice('领域', suggestionCategories),
    status: choice('办理状态', suggestionStatuses),
    key_supervision_leader: nullableText('重点督办领导', 60),
  }),
  // Re-handling (DOMAIN.md; the demo ledger's rule): while the last answered round is rated 不满意,
  // the case is handled again, so its status stays 'rehandling' until the next round's reply is
  // published (which sets 'replied' by trigger, 0029). A status typed over it would publish a
  // closed case the deputy sent back.
  async check(lookups, entityId, record, after): Promise<Record<string, string>> {
    if (entityId === null || after.status === undefined) return {};
    if (record.status !== 'replied' && record.status !== 'closed') return {};
    if (!(await lookups.lastAnsweredRoundSentBack(entityId))) return {};
    return {
      status:
        '代表对最后一轮答复的测评为“不满意”，须重新办理：新一轮答复发布之前，办理状态只能是“不满意，重新办理中”。',
    };
  },
  capability: 'records.edit',
  actions: ['update'],
  reasonFields: ['status'],
});

// A reply of a handling round. The console corrects a reply, and opens the next round's reply
// (重新办理) once the deputy rated the last round 不满意: a new reply of the lead unit, one round on,
// confirmed by a second person as its class is. Its publish ends the re-handling (status
// 'replied') and moves the suggestion's latest class by trigger (0029).
registerEntityRule({
  type: 'suggestion_reply',
  label: '办理答复',
  table: 'suggestion_replies',
  key: 'id',
  keyKind: 'integer',
  columns: ['suggestion_id', 'handling_unit_id', 'round', 'body', 'replied_on', 'result_class'],
  labels: {
    body: '答复内容',
    replied_on: '答复日期',
    result_class: '办理结果',
    suggestion_id: '议案建议',
    handling_unit_id: '承办单位',
    round: '办理轮次',
  },
  schema: z.object({
    suggestion_id: slug('议案建议编号'),
    handling_unit_id: slug('承办单位'),
    round: integer('办理轮次', 1, 9),
    body: requiredText('答复内容', 20_000),
    replied_on: isoDate('答复日期'),
    result_class: nullableChoice('办理结果', resultClasses),
  }),
  references: { suggestion_id: 'suggestions', handling_unit_id: 'handling_units' },
  requiresRow: [
    {
      table: 'suggestion_assignments',
      match: { suggestion_id: { field: 'suggestion_id' }, handling_unit_id: { field: 'handling_unit_id' } },
      where: { role: 'lead' },
      field: 'handling_unit_id',
      message: '重新办理由这件议案建议的主办单位答复；所选单位不是它的主办单位。',
    },
    {
      table: 'suggestion_ratings',
      match: { suggestion_id: { field: 'suggestion_id' }, round: { field: 'round', plus: -1 } },
      where: { satisfaction: 'dissatisfied' },
      field: 'round',
      message: '只有代表对上一轮答复的测评为“不满意”（已发布）时，才能开启这一轮办理。',
    },
  ],
  uniqueTogether: [
    {
      columns: ['suggestion_id', 'handling_unit_id', 'round'],
      field: 'round',
      message: '这一轮已有答复，请打开原答复修改。',
    },
  ],
  fixedFields: ['suggestion_id', 'handling_unit_id', 'round'],
  // The A/B/C class is what the city's handling statistics count: four eyes on it. A new round's
  // reply sets every field, its class among them, so it is always confirmed.
  confirmFields: ['result_class'],
  publishLast: true,
  capability: 'records.edit',
  actions: ['create', 'update'],
  reasonFields: ['result_class'],
});

// The deputy's satisfaction rating of a handling round (满意度测评; migration 0029 gives ratings a
// row_version and one key, "<suggestion id>-r<round>"). It decides the unit's satisfaction
// statistics and whether the case is handled again, so, like a reply's class, it needs a second
// person, and as an official figure a reason and a reference (the rating form). Only a round that
// has a reply can be rated. The suggestion's latest satisfaction and, after a 不满意 rating of the
// last answered round, its status 'rehandling' follow by trigger when the publish writes it.
registerEntityRule({
  type: 'suggestion_rating',
  label: '满意度测评',
  table: 'suggestion_ratings',
  key: 'id',
  keyKind: 'text',
  keyGenerated: true,
  columns: ['suggestion_id', 'round', 'rated_on', 'satisfaction'],
  labels: {
    suggestion_id: '议案建议编号',
    round: '办理轮次',
    rated_on: '测评日期',
    satisfaction: '代表满意度',
  },
  // The CHECKs of migrations/0004, as field messages.
  schema: z.object({
    suggestion_id: slug('议案建议编号'),
    round: integer('办理轮次', 1, 9),
    rated_on: isoDate('测评日期'),
    satisfaction: choice('代表满意度', satisfactions),
  }),
  references: { suggestion_id: 'suggestions' },
  // The rating is of the lead unit's (主办单位) reply: a co-handler's reply alone opens no rating
  // (migration 0032's view). A round with no reply at all gets the first message (the first
  // requirement a field fails is the one it shows).
  requiresRow: [
    {
      table: 'suggestion_replies',
      match: { suggestion_id: { field: 'suggestion_id' }, round: { field: 'round' } },
      field: 'round',
      message: '这件议案建议的这一轮还没有答复，不能测评；请核对办理轮次。',
    },
    {
      table: 'suggestion_lead_replies',
      match: { suggestion_id: { field: 'suggestion_id' }, round: { field: 'round' } },
      field: 'round',
      message: '这一轮还没有主办单位的答复，不能测评；满意度测评针对主办单位的答复，请核对办理轮次。',
    },
  ],
  uniqueTogether: [
    {
      columns: ['suggestion_id', 'round'],
      field: 'round',
      message: '这一轮答复已有满意度测评，请打开原测评更正。',
    },
  ],
  keyOf: (r) => `${String(r.suggestion_id)}-r${String(r.round)}`,
  fixedFields: ['suggestion_id', 'round'],
  confirmFields: ['suggestion_id', 'round', 'rated_on', 'satisfaction'],
  reasonFields: ['rated_on', 'satisfaction'],
  referenceRequired: true,
  publishLast: true,
  capability: 'records.edit',
  actions: ['create', 'update'],
});

registerEntityRule({
  type: 'commitment',
  label: '承诺事项',
  table: 'commitments',
  key: 'id',
  keyKind: 'text',
  columns: ['suggestion_id', 'handling_unit_id', 'description', 'due_on', 'status', 'kept_on', 'evidence'],
  labels: {
    suggestion_id: '议案建议编号',
    handling_unit_id: '承诺单位',
    description: '承诺内容',
    due_on: '兑现期限',
    status: '承诺状态',
    kept_on: '兑现日期',
    evidence: '兑现依据',
  },
  // The CHECKs of migrations/0004 (kept ⇔ a date; kept or dropped ⇒ evidence), as field messages.
  schema: z
    .object({
      suggestion_id: slug('议案建议编号'),
      handling_unit_id: slug('承诺单位'),
      description: requiredText('承诺内容', 500),
      due_on: isoDate('兑现期限'),
      status: choice('承诺状态', commitmentStatuses),
      kept_on: nullableIsoDate('兑现日期'),
      evidence: blankableText('兑现依据', 1000),
    })
    .superRefine((r, ctx) => {
      if (r.status === 'kept' && r.kept_on === null) {
        ctx.addIssue({ code: 'custom', path: ['kept_on'], message: '承诺已兑现时请填写兑现日期。' });
      }
      if (r.status !== 'kept' && r.kept_on !== null) {
        ctx.addIssue({ code: 'custom', path: ['kept_on'], message: '只有已兑现的承诺才填写兑现日期。' });
      }
      if (r.status === 'kept' && r.evidence === '') {
        ctx.addIssue({ code: 'custom', path: ['evidence'], message: '承诺已兑现时请填写兑现依据。' });
      }
      if (r.status === 'dropped' && r.evidence === '') {
        ctx.addIssue({ code: 'custom', path: ['evidence'], message: '承诺未兑现时请在兑现依据中说明原因。' });
      }
    }),
  references: { suggestion_id: 'suggestions', handling_unit_id: 'handling_units' },
  // Whether a promise was kept is an official figure of the ledger: a second person confirms it.
  confirmFields: ['status', 'kept_on'],
  capability: 'records.edit',
  actions: ['create', 'update'],
  reasonFields: ['status'],
});
