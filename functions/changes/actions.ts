import { classifyD1Error } from '../lib/d1.ts';
import { ApiError, validationError } from '../lib/errors.ts';
import { auditEntry } from '../staff/audit/queries.ts';
import { can, recordScope, type StaffUser } from '../staff/auth/schema.ts';
import { invalidInput, zhCN } from '../lib/validation.ts';
import { type FieldValue, logText, sameValue } from './fields.ts';
import {
  applyCreateStatement,
  applyDeleteStatement,
  applyUpdateStatement,
  type ChangeAction,
  changeLogStatement,
  confirmStatement,
  currentVersion,
  currentVersions,
  deputyStatusEventStatement,
  duplicateExists,
  findChange,
  findOpenChange,
  guardedChangeAudit,
  holdChangeStatement,
  insertDraftStatement,
  insertPublishStatement,
  markPublishCoverageStatement,
  keyHolders,
  keyValue,
  lastAnsweredRoundSentBack,
  listReadyChanges,
  matchingRowExists,
  missingIds,
  type OfficialChange,
  publishAuditStatement,
  readLiveRecord,
  referencedValue,
  replaceListStatements,
  rowExists,
  stampPublishedStatement,
  withdrawStatement,
} from './queries.ts';
import {
  entityRule,
  type EntityRule,
  entityRules,
  fieldNames,
  needsConfirmation,
  referenceFieldsOf,
  type ListField,
  type RuleLookups,
} from './rules.ts';

/**
 * The official-change lifecycle: drafted -> confirmed by a second person where the rule asks ->
 * published. Drafting never touches the live tables; publishReadyChanges applies every ready change
 * in the publish's one batch, with its public change-log rows and audit entries.
 */

export const STALE_MESSAGE = '已被他人修改，请刷新后再改';

/** The longest record key a change can name (official_changes.entity_id's CHECK, migration 0010). */
const MAX_CHANGE_KEY_LENGTH = 80;

/**
 * A record whose key is longer than a change can name (a generated key: a group member's
 * "<group>.<deputy>", a rating's "<suggestion>-r<round>") gets no draft: said in words, at the field
 * its key comes from when there is one, instead of the CHECK's generic refusal.
 */
function keyTooLong(rule: EntityRule, key: string, field: string | undefined): ApiError {
  const message = `这条${rule.label}的编号超过 ${String(MAX_CHANGE_KEY_LENGTH)} 个字符（共 ${String(key.length)} 个），修改记录无法引用它，不能在后台起草修改；请联系管理员处理。`;
  return field
    ? new ApiError(400, 'key_too_long', message, { fields: { [field]: message } })
    : new ApiError(400, 'key_too_long', message);
}

function stale(): ApiError {
  return new ApiError(409, 'stale_version', STALE_MESSAGE);
}

function ruleFor(entityType: string): EntityRule {
  const rule = entityRule(entityType);
  if (!rule) throw new ApiError(404, 'not_found', '没有这类记录。');
  return rule;
}

function requireCapability(staff: StaffUser, rule: EntityRule): void {
  if (!can(staff, rule.capability)) {
    throw new ApiError(403, 'forbidden', `您的角色不能修改${rule.label}。`);
  }
}

/** The refusal when station staff reach for another station's record (or a record type with no station). */
export function otherStationRefusal(staff: StaffUser, rule: EntityRule): ApiError {
  const station = staff.stationName ?? '本站';
  return new ApiError(
    403,
    'other_station',
    rule.stationColumn
      ? `您只能维护${station}的${rule.label}，不能查看或修改其他联络站的${rule.label}。`
      : `您的角色不能修改${rule.label}。`,
  );
}

/**
 * Refuses station staff a record of another station: `station` is the record's station column as
 * stored or submitted. The office (scope null) passes.
 */
export function requireOwnStation(staff: StaffUser, rule: EntityRule, station: unknown): void {
  const scope = recordScope(staff);
  if (scope === null) return;
  if (!rule.stationColumn || station !== scope) throw otherStationRefusal(staff, rule);
}

/** A record's station (its rule's station column), from stored or submitted values. */
export function stationOf(
  rule: EntityRule,
  values: Readonly<Record<string, unknown>> | null | undefined,
): unknown {
  return rule.stationColumn ? values?.[rule.stationColumn] : undefined;
}

/** The station of a change's record: its published row, or the draft of a record not yet published. */
async function changeStation(db: D1Database, rule: EntityRule, change: OfficialChange): Promise<unknown> {
  if (change.action === 'create') return stationOf(rule, change.after);
  return stationOf(rule, (await readLiveRecord(db, rule, change.entityId))?.values);
}

export interface DraftInput {
  entityType: string;
  /** The record's id; null only for a new record whose integer id the database picks. */
  entityId: string | null;
  action: ChangeAction;
  /** Submitted fields (form strings or typed values); fields left out keep their published value. */
  values: Record<string, unknown>;
  /** The row_version the editor saw (null for a new record). */
  baseVersion: number | null;
  /** The open change the editor saw and is replacing, if there was one. */
  replacing: number | null;
  reason: string;
  reference: string;
}

export interface DraftResult {
  changeId: number;
  entityId: string;
  needsConfirmation: boolean;
  changed: string[];
}

/**
 * Drafts a change to an official record. Validates the whole record as it would be, keeps only the
 * fields that differ from the published record, and is refused with STALE_MESSAGE when the record
 * moved on since the editor loaded it or someone else's change is open on it.
 */
export async function draftChange(db: D1Database, staff: StaffUser, input: DraftInput): Promise<DraftResult> {
  const rule = ruleFor(input.entityType);
  requireCapability(staff, rule);
  const scoped = recordScope(staff) !== null;
  // Station staff: a submitted station must be their own, before anything else is looked at.
  if (scoped) {
    const submitted = stationOf(rule, input.values);
    if (!rule.stationColumn || submitted !== undefined) requireOwnStation(staff, rule, submitted);
  }
  if (!rule.actions.includes(input.action)) {
    throw new ApiError(400, 'invalid_action', `${rule.label}不能这样修改。`);
  }
  const fields = fieldNames(rule);
  let live: Record<string, FieldValue> = {};
  // A generated key (a rating's "<suggestion>-r<round>") is known once the record is validated.
  // (A form sending the key of the draft it replaces does not decide it.)
  let entityId = input.action === 'create' && rule.keyOf ? null : input.entityId;
  if (input.action === 'create') {
    if (entityId === null && rule.keyKind === 'text' && !rule.keyOf) {
      throw new ApiError(400, 'validation_failed', '请填写编号。', { fields: { id: '请填写编号。' } });
    }
    if (entityId !== null && rule.idSchema) {
      const id = rule.idSchema.safeParse(entityId);
      if (!id.success) throw validationError({ id: id.error.issues[0]?.message ?? '编号无效。' });
    }
    if (entityId !== null && (await rowExists(db, rule.table, keyValue(rule, entityId), rule.key))) {
      throw new ApiError(409, 'id_taken', '这个编号已被使用，请换一个。', {
        fields: { id: '这个编号已被使用。' },
      });
    }
  } else {
    if (input.entityId === null) throw new ApiError(404, 'not_found', `没有找到这条${rule.label}。`);
    if (input.entityId.length > MAX_CHANGE_KEY_LENGTH) throw keyTooLong(rule, input.entityId, undefined);
    const record = await readLiveRecord(db, rule, input.entityId);
    if (!record) throw new ApiError(404, 'not_found', `没有找到这条${rule.label}。`);
    if (scoped) requireOwnStation(staff, rule, stationOf(rule, record.values));
    if (record.version !== input.baseVersion) throw stale();
    live = record.values;
  }

  // Replacing an open draft builds on it: fields this save leaves out keep the draft's values
  // (an upload or a cancellation does not undo the draft's other edits).
  const replaced = input.replacing !== null ? await findChange(db, input.replacing) : null;
  // Station staff replace only an open change of this same record of their own station, never
  // someone else's change picked by its number.
  if (scoped && input.replacing !== null) {
    if (
      !replaced ||
      replaced.entityType !== rule.type ||
      input.entityId === null ||
      replaced.entityId !== input.entityId
    ) {
      throw otherStationRefusal(staff, rule);
    }
    requireOwnStation(staff, rule, await changeStation(db, rule, replaced));
  } else if (input.replacing !== null) {
    // Office roles too replace only an open change of this same record (or, for a new record
    // without an id yet, a draft that creates one of this type): a number picked from elsewhere
    // must not withdraw an unrelated change in passing.
    const sameRecord =
      replaced !== null &&
      replaced.entityType === rule.type &&
      (input.entityId === null ? replaced.action === 'create' : replaced.entityId === input.entityId);
    if (!sameRecord) throw stale();
  }
  const drafted =
    replaced && replaced.entityType === rule.type && replaced.entityId === input.entityId
      ? (replaced.after ?? {})
      : {};
  const submitted: Record<string, unknown> = { ...drafted };
  for (const f of fields) if (input.values[f] !== undefined) submitted[f] = input.values[f];
  let after: Record<string, FieldValue> | null = null;
  let changed: string[];
  if (input.action === 'delete') {
    changed = fields;
  } else {
    const parsed = await rule.schema.safeParseAsync({ ...live, ...submitted }, { error: zhCN.localeError });
    if (!parsed.success) throw invalidInput(parsed.error);
    const record = parsed.data;
    // The record as it would be published stays at their station (whatever the form left out).
    if (scoped) requireOwnStation(staff, rule, stationOf(rule, record));
    changed = fields.filter((f) => input.action === 'create' || !sameValue(record[f], live[f]));
    if (changed.length === 0) throw new ApiError(400, 'no_change', '没有修改任何内容。');
    const moved = input.action === 'update' ? changed.filter((f) => rule.fixedFields?.includes(f)) : [];
    if (moved.length > 0) {
      throw validationError(
        Object.fromEntries(moved.map((f) => [f, `${rule.labels[f] ?? f}在新增时确定，不能修改。`])),
      );
    }
    after = Object.fromEntries(changed.map((f) => [f, record[f] ?? null]));
    const lookups: RuleLookups = {
      lastAnsweredRoundSentBack: (suggestionId) => lastAnsweredRoundSentBack(db, suggestionId),
    };
    const ruleErrors = rule.check ? await rule.check(lookups, entityId, record, after) : {};
    if (Object.keys(ruleErrors).length > 0) throw validationError(ruleErrors);
    await checkReferences(db, rule, after, record);
    await checkUnique(db, rule, after, record, entityId);
    if (input.action === 'create' && entityId === null && rule.keyOf) {
      entityId = rule.keyOf(record);
      // The key is made of the fixed fields: the first names where it comes from.
      if (entityId.length > MAX_CHANGE_KEY_LENGTH) throw keyTooLong(rule, entityId, rule.fixedFields?.[0]);
    }
  }
  const reason = input.reason.trim();
  if (input.action === 'update' && !reason && changed.some((f) => rule.reasonFields?.includes(f))) {
    const names = changed.filter((f) => rule.reasonFields?.includes(f)).map((f) => rule.labels[f] ?? f);
    throw validationError({ reason: `修改${names.join('、')}时请说明原因。` });
  }
  const needsReference = referenceFieldsOf(rule, input.action, changed, after).length > 0;
  if (needsReference && (!reason || !input.reference.trim())) {
    throw new ApiError(400, 'invalid_input', '提交的内容有误，请按提示修改后重试。', {
      fields: {
        ...(reason ? {} : { reason: '修改官方数字时请说明原因。' }),
        ...(input.reference.trim() ? {} : { reference: '请填写依据，例如计票单编号。' }),
      },
    });
  }
  if (reason.length > 500) {
    throw validationError({ reason: '原因不能超过 500 个字。' });
  }
  const before =
    input.action === 'create' ? null : Object.fromEntries(changed.map((f) => [f, live[f] ?? null]));
  const confirm = needsConfirmation(rule, changed);

  const statements: D1PreparedStatement[] = [];
  if (input.replacing !== null) {
    statements.push(
      withdrawStatement(
        db,
        input.replacing,
        staff.id,
        input.entityId === null ? undefined : { entityType: rule.type, entityId: input.entityId },
      ),
      guardedChangeAudit(db, {
        actor: staff.id,
        action: 'change.replace',
        entityType: rule.type,
        entityId,
        changeId: input.replacing,
        after: {},
      }),
    );
  }
  statements.push(
    insertDraftStatement(db, rule, {
      entityType: rule.type,
      entityId,
      action: input.action,
      before,
      after,
      baseVersion: input.action === 'create' ? null : input.baseVersion,
      reason,
      reference: input.reference.trim().slice(0, 120),
      needsConfirmation: confirm,
      draftedBy: staff.id,
      replacing: input.replacing,
    }),
    guardedChangeAudit(db, {
      actor: staff.id,
      action: 'change.draft',
      entityType: rule.type,
      entityId,
      changeId: null,
      after: { action: input.action, fields: after, reason, needsConfirmation: confirm },
    }),
  );
  let results: D1Result[];
  try {
    results = await db.batch(statements);
  } catch (error) {
    throw toConflict(error);
  }
  const inserted = results[input.replacing !== null ? 2 : 0]?.results[0] as
    { id: number; entity_id: string } | undefined;
  if (!inserted) throw stale();
  return { changeId: inserted.id, entityId: inserted.entity_id, needsConfirmation: confirm, changed };
}

async function checkReferences(
  db: D1Database,
  rule: EntityRule,
  after: Record<string, FieldValue>,
  /** The whole record as it would be (for references that must agree with another field). */
  record: Record<string, FieldValue>,
): Promise<void> {
  const errors: Record<string, string> = {};
  for (const [column, table] of Object.entries(rule.references ?? {})) {
    const value = after[column];
    if (typeof value === 'string' && !(await rowExists(db, table, value))) {
      errors[column] = `所选的${rule.labels[column] ?? column}不存在。`;
    }
  }
  for (const [column, check] of Object.entries(rule.consistentWith ?? {})) {
    // Checked when either side changes; a missing row was reported above.
    if (errors[column] || (after[column] === undefined && after[check.field] === undefined)) continue;
    const value = record[column];
    const other = record[check.field];
    if (typeof value !== 'string' || typeof other !== 'string') continue;
    if ((await referencedValue(db, check.table, check.column, value)) !== other)
      errors[column] = check.message;
  }
  for (const required of rule.requiresRow ?? []) {
    const fields = Object.values(required.match).map((m) => m.field);
    if (fields.some((f) => errors[f]) || fields.every((f) => after[f] === undefined)) continue;
    if (!(await requiredRowExists(db, required, record))) errors[required.field] = required.message;
  }
  for (const [name, list] of Object.entries(rule.lists ?? {})) {
    const value = after[name];
    if (list.references && Array.isArray(value)) {
      const missing = await missingIds(db, list.references, value);
      if (missing.length > 0) errors[name] = `${list.label}中有不存在的编号：${missing.join('、')}。`;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw validationError(errors);
  }
}

/** Whether the row a record needs (EntityRule.requiresRow) exists now. */
function requiredRowExists(
  db: D1Database,
  required: NonNullable<EntityRule['requiresRow']>[number],
  record: Readonly<Record<string, FieldValue>>,
): Promise<boolean> {
  const values: Record<string, FieldValue> = { ...(required.where ?? {}) };
  for (const [column, m] of Object.entries(required.match)) {
    const value = record[m.field] ?? null;
    values[column] = m.plus !== undefined && typeof value === 'number' ? value + m.plus : value;
  }
  return matchingRowExists(db, required.table, values);
}

/**
 * The reason a ready change can no longer be applied as drafted because a row it needs is gone
 * (a new round's reply whose 不满意 rating was corrected meanwhile); null when all are there.
 */
async function missingRequiredRow(
  db: D1Database,
  rule: EntityRule,
  change: OfficialChange,
): Promise<string | null> {
  if (!rule.requiresRow || change.action === 'delete') return null;
  const after = change.after ?? {};
  const needed = rule.requiresRow.filter((r) =>
    Object.values(r.match).some((m) => after[m.field] !== undefined),
  );
  if (needed.length === 0) return null;
  const live = change.action === 'update' ? await readLiveRecord(db, rule, change.entityId) : null;
  const record = { ...(live?.values ?? {}), ...after };
  for (const required of needed) {
    if (!(await requiredRowExists(db, required, record))) return required.message;
  }
  return null;
}

/** Refuses a record that would repeat a natural key of its table (a UNIQUE constraint), at the field. */
async function checkUnique(
  db: D1Database,
  rule: EntityRule,
  after: Record<string, FieldValue>,
  record: Record<string, FieldValue>,
  entityId: string | null,
): Promise<void> {
  const errors: Record<string, string> = {};
  for (const unique of rule.uniqueTogether ?? []) {
    const where = Object.entries(unique.where ?? {});
    if (![...unique.columns, ...where.map(([c]) => c)].some((c) => after[c] !== undefined)) continue;
    if (!where.every(([c, v]) => record[c] === v)) continue;
    const own = entityId === null ? null : keyValue(rule, entityId);
    if (unique.handOver) {
      // A key being handed over (a new leader while the old one's demotion is open) is free to draft.
      const holders = await keyHolders(db, rule, ...uniqueKey(unique, record), own);
      if ((await handOverState(db, rule, unique, holders, [])) === 'held')
        errors[unique.field] = unique.message;
    } else if (await duplicateExists(db, rule, ...uniqueKey(unique, record), own))
      errors[unique.field] = unique.message;
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
}

type UniqueKey = NonNullable<EntityRule['uniqueTogether']>[number];

/** Whether a record holds a unique key: a partial index counts only the rows holding its values. */
function inKey(unique: UniqueKey, record: Readonly<Record<string, FieldValue>>): boolean {
  return Object.entries(unique.where ?? {}).every(([c, v]) => record[c] === v);
}

/** The record types whose list fields are rows of this table (a group's members for a member's role). */
function listOwners(table: string): { owner: EntityRule; name: string; list: ListField }[] {
  return entityRules().flatMap((owner) =>
    Object.entries(owner.lists ?? {})
      .filter(([, list]) => list.table === table)
      .map(([name, list]) => ({ owner, name, list })),
  );
}

interface KeyHolder {
  key: string;
  values: Record<string, FieldValue>;
}

/**
 * Whether a change gives up the unique key a record holds (handOver): the record's own change
 * moving it out of the key (the old leader made vice leader or member), or its owner's change
 * dropping it from the list (the old leader taken out of the group) or deleting the owner.
 */
function givesUp(change: OfficialChange, rule: EntityRule, unique: UniqueKey, holder: KeyHolder): boolean {
  if (change.entityType === rule.type && change.entityId === holder.key) {
    if (change.action === 'delete') return true;
    const after = { ...holder.values, ...(change.after ?? {}) };
    return !inKey(unique, after) || unique.columns.some((c) => !sameValue(after[c], holder.values[c]));
  }
  return listOwners(rule.table).some(({ owner, name, list }) => {
    if (change.entityType !== owner.type || change.entityId !== String(holder.values[list.ownerColumn])) {
      return false;
    }
    if (change.action === 'delete') return true;
    const listed = change.after?.[name];
    return Array.isArray(listed) && !listed.includes(String(holder.values[list.valueColumn]));
  });
}

/** The open changes that could give up a holder's key: its own, and its list owners'. */
async function openChangesAround(
  db: D1Database,
  rule: EntityRule,
  holder: KeyHolder,
): Promise<OfficialChange[]> {
  const out: OfficialChange[] = [];
  const own = await findOpenChange(db, rule.type, holder.key);
  if (own) out.push(own);
  for (const { owner, list } of listOwners(rule.table)) {
    const change = await findOpenChange(db, owner.type, String(holder.values[list.ownerColumn]));
    if (change) out.push(change);
  }
  return out;
}

/**
 * Where the hand-over of a unique key stands: 'free' when every record holding it gives it up in
 * this publish (`applied`, the changes already applied earlier in the same batch), 'pending' when
 * each remaining holder has an open change that gives it up (drafted, confirmed, or left open by
 * this publish), 'held' when a holder keeps it.
 */
async function handOverState(
  db: D1Database,
  rule: EntityRule,
  unique: UniqueKey,
  holderKeys: readonly string[],
  applied: readonly OfficialChange[],
): Promise<'free' | 'pending' | 'held'> {
  let state: 'free' | 'pending' = 'free';
  for (const key of holderKeys) {
    const live = await readLiveRecord(db, rule, key);
    if (!live) continue;
    const holder = { key, values: live.values };
    if (applied.some((c) => givesUp(c, rule, unique, holder))) continue;
    if (!(await openChangesAround(db, rule, holder)).some((c) => givesUp(c, rule, unique, holder)))
      return 'held';
    state = 'pending';
  }
  return state;
}

/**
 * Whether a change gives up a key that another change may take over (EntityRule.uniqueTogether's
 * handOver): a publish applies these first, so the unique index never sees two holders at once.
 */
function releasesHandOverKey(change: OfficialChange): boolean {
  const rule = entityRule(change.entityType);
  if (!rule) return false;
  const handOver = (rule.uniqueTogether ?? []).filter((u) => u.handOver);
  if (change.action === 'update' && handOver.length > 0) {
    const before = change.before ?? {};
    const after = change.after ?? {};
    return handOver.some(
      (u) =>
        u.columns.some((c) => c in after) ||
        Object.entries(u.where ?? {}).some(([c, v]) => before[c] === v && c in after && after[c] !== v),
    );
  }
  // A list change dropping rows of a table whose key can be handed over (the old leader out of the group).
  return Object.entries(rule.lists ?? {}).some(([name, list]) => {
    const owned = entityRules().some(
      (r) => r.table === list.table && (r.uniqueTogether ?? []).some((u) => u.handOver),
    );
    if (!owned) return false;
    if (change.action === 'delete') return true;
    const before = change.before?.[name];
    const after = change.after?.[name];
    return Array.isArray(before) && Array.isArray(after) && before.some((v) => !after.includes(v));
  });
}

/**
 * The columns and values a record holds in a unique constraint of its table (a partial index's
 * fixed values included), for duplicateExists.
 */
function uniqueKey(
  unique: NonNullable<EntityRule['uniqueTogether']>[number],
  record: Readonly<Record<string, FieldValue>>,
): [string[], FieldValue[]] {
  const where = Object.entries(unique.where ?? {});
  return [
    [...unique.columns, ...where.map(([c]) => c)],
    [...unique.columns.map((c) => record[c] ?? null), ...where.map(([, v]) => v)],
  ];
}

/** A failed lifecycle batch as the answer a person can act on. */
function toConflict(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : '';
  if (/NOT NULL constraint failed: (audit_log\.actor|change_log\.entity_type)/.test(message)) return stale();
  if (/official_change_/.test(message)) return stale();
  const failure = classifyD1Error(error);
  if (failure.kind === 'unique' && failure.target.startsWith('official_changes.')) return stale();
  if (failure.kind === 'unique')
    return new ApiError(409, 'duplicate', '与已有记录重复（名称、编号或时间已被使用）。');
  if (failure.kind === 'foreign_key') return new ApiError(400, 'invalid_reference', '所引用的记录不存在。');
  if (failure.kind === 'check')
    return new ApiError(400, 'validation_failed', '提交的内容不符合要求，请检查后重试。');
  return error instanceof ApiError ? error : new ApiError(503, 'unavailable', '服务暂时不可用，请稍后再试。');
}

/**
 * Moves a change on (confirm, withdraw): the state change and its guarded audit entry in one
 * batch, so a change someone else moved meanwhile is refused as a conflict.
 */
async function moveChange(
  db: D1Database,
  statement: D1PreparedStatement,
  entry: { actor: string; action: string; change: OfficialChange; after: unknown },
): Promise<void> {
  try {
    await db.batch([
      statement,
      guardedChangeAudit(db, {
        actor: entry.actor,
        action: entry.action,
        entityType: entry.change.entityType,
        entityId: entry.change.entityId,
        changeId: entry.change.id,
        after: entry.after,
      }),
    ]);
  } catch (error) {
    throw toConflict(error);
  }
}

/** The refusal of a confirmation whose change was confirmed, published or withdrawn meanwhile. */
function movedOn(): ApiError {
  return new ApiError(409, 'conflict', '这项修改已确认、已发布或已撤回，请刷新页面。');
}

export const STALE_CONFIRM_MESSAGE = '这项修改起草后记录已被他人修改，不能再确认，请撤回后重新起草。';

/** A second person confirms a drafted change that needs it. The drafter never can. */
export async function confirmChange(
  db: D1Database,
  staff: StaffUser,
  changeId: number,
): Promise<OfficialChange> {
  const change = await findChange(db, changeId);
  if (!change) throw new ApiError(404, 'not_found', '没有找到这项修改。');
  const rule = ruleFor(change.entityType);
  if (!can(staff, 'records.confirm') || !can(staff, rule.capability)) {
    throw new ApiError(403, 'forbidden', '您的角色不能确认这项修改。');
  }
  if (change.draftedBy === staff.id) {
    throw new ApiError(403, 'same_person', '不能确认自己起草的修改，请由另一位工作人员核对确认。');
  }
  // A draft re-saved by someone else keeps the values it did not change: whoever typed them is
  // not the second person for them.
  if (change.earlierDrafters.includes(staff.id)) {
    throw new ApiError(
      403,
      'same_person',
      '您起草过这项修改的早先版本（其中的内容可能出自您手），不能确认它，请由另一位工作人员核对确认。',
    );
  }
  if (change.state !== 'drafted' || !change.needsConfirmation) throw movedOn();
  // A change drafted from a version the record has since left can never be published as drafted
  // (its "before" is no longer what the record holds): confirming it would vouch for figures the
  // confirmer cannot check against the record. The drafter withdraws it and drafts again.
  const version = await currentVersion(db, rule, change.entityId);
  if (change.action === 'create' ? version !== null : version !== change.baseVersion) {
    throw new ApiError(409, 'stale_version', STALE_CONFIRM_MESSAGE);
  }
  try {
    await moveChange(db, confirmStatement(db, changeId, staff.id), {
      actor: staff.id,
      action: 'change.confirm',
      change,
      after: { fields: change.after, reference: change.reference },
    });
  } catch (error) {
    // Confirmed (or withdrawn) by someone else between the read and the write.
    if (error instanceof ApiError && error.code === 'stale_version') throw movedOn();
    throw error;
  }
  return { ...change, state: 'confirmed', confirmedBy: staff.id };
}

/** What moved under an open change since its draft (the publish page shows it as stale). */
export interface StaleChange {
  /** 'moved': the record changed; 'gone': it was deleted; 'taken': a new record's key is used now. */
  kind: 'moved' | 'gone' | 'taken';
  /** The drafted fields whose published value is no longer the one the draft started from. */
  fields: { field: string; drafted: FieldValue; now: FieldValue }[];
}

/**
 * The open changes among these that can no longer be confirmed or published as drafted: the same
 * test as confirmChange's (the record left the draft's base version, or a new record's key is now
 * used), read with one query per record type. Only for those is the record read, to name what moved.
 */
export async function findStaleChanges(
  db: D1Database,
  changes: readonly OfficialChange[],
): Promise<Map<number, StaleChange>> {
  const stale = new Map<number, StaleChange>();
  const open = changes.filter((c) => c.state === 'drafted' || c.state === 'confirmed');
  for (const type of new Set(open.map((c) => c.entityType))) {
    const rule = entityRule(type);
    if (!rule) continue;
    const ofType = open.filter((c) => c.entityType === type);
    const versions = await currentVersions(
      db,
      rule,
      ofType.map((c) => c.entityId),
    );
    for (const change of ofType) {
      const version = versions.get(change.entityId);
      if (change.action === 'create') {
        if (version !== undefined) stale.set(change.id, { kind: 'taken', fields: [] });
      } else if (version === undefined) {
        stale.set(change.id, { kind: 'gone', fields: [] });
      } else if (version !== change.baseVersion) {
        const live = (await readLiveRecord(db, rule, change.entityId))?.values ?? {};
        const before = change.before ?? {};
        const fields = Object.keys(before)
          .filter((f) => !sameValue(live[f], before[f]))
          .map((f) => ({ field: f, drafted: before[f] ?? null, now: live[f] ?? null }));
        stale.set(change.id, { kind: 'moved', fields });
      }
    }
  }
  return stale;
}

/** Withdraws a drafted or confirmed change; the published record stays as it is. */
export async function withdrawChange(db: D1Database, staff: StaffUser, changeId: number): Promise<void> {
  const change = await findChange(db, changeId);
  if (!change) throw new ApiError(404, 'not_found', '没有找到这项修改。');
  const rule = ruleFor(change.entityType);
  requireCapability(staff, rule);
  if (recordScope(staff) !== null) requireOwnStation(staff, rule, await changeStation(db, rule, change));
  try {
    await moveChange(db, withdrawStatement(db, changeId, staff.id), {
      actor: staff.id,
      action: 'change.withdraw',
      change,
      after: {},
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'stale_version') {
      throw new ApiError(409, 'conflict', '这项修改已发布或已撤回，请刷新页面。');
    }
    throw error;
  }
}

/** Statements that apply one ready change to the live tables, log it and stamp it with the publish. */
function applyStatements(
  db: D1Database,
  actor: string,
  change: OfficialChange,
  version: string,
): D1PreparedStatement[] {
  const rule = ruleFor(change.entityType);
  const lists = rule.lists ?? {};
  const after = change.after ?? {};
  const columns = Object.fromEntries(Object.entries(after).filter(([f]) => rule.columns.includes(f)));
  const out: D1PreparedStatement[] = [
    stampPublishedStatement(db, change, version),
    publishAuditStatement(db, actor, change, version),
  ];
  if (change.action === 'create') out.push(applyCreateStatement(db, rule, change.entityId, columns));
  else if (change.action === 'update') {
    out.push(applyUpdateStatement(db, rule, change.entityId, change.baseVersion ?? 0, columns));
  } else {
    // Link rows go first so the record itself can be deleted.
    for (const list of Object.values(lists)) {
      out.push(...replaceListStatements(db, list, keyValue(rule, change.entityId), null));
    }
    out.push(applyDeleteStatement(db, rule, change.entityId, change.baseVersion ?? 0));
  }
  // A new record's public log names the fields it fills: "（空） → （空）" rows (a new candidate's
  // deputies' vote, not yet taken) would tell the public nothing.
  const logged =
    change.action === 'delete'
      ? Object.keys(change.before ?? {})
      : change.action === 'create'
        ? Object.keys(after).filter((f) => logText(after[f]) !== null)
        : Object.keys(after);
  const fieldsToLog = logged.length > 0 ? logged : ['_record'];
  fieldsToLog.forEach((field, i) => {
    out.push(
      changeLogStatement(db, {
        entityType: change.entityType,
        entityId: change.entityId,
        field,
        oldValue: logText(change.before?.[field]),
        newValue: change.action === 'delete' ? null : logText(after[field]),
        note: change.reason,
        changeId: change.id,
        version,
        // The first row checks that the live write above changed the record at its base version.
        guard: i === 0,
      }),
    );
  });
  if (change.action !== 'delete') {
    for (const [name, list] of Object.entries(lists)) {
      const value = after[name];
      if (Array.isArray(value))
        out.push(...replaceListStatements(db, list, keyValue(rule, change.entityId), value));
    }
  }
  if (rule.history === 'deputy_status' && typeof after.status === 'string') {
    const since =
      typeof after.status_since === 'string'
        ? after.status_since
        : (change.publishedAt ?? new Date().toISOString().slice(0, 10));
    out.push(deputyStatusEventStatement(db, change.entityId, after.status, since, change.reason));
  }
  return out;
}

/**
 * Whether a change would make its record repeat a natural key of its table (uniqueTogether): held
 * by another row now, or by a change applied earlier in this publish (`taken`, which it then joins).
 * The answer is the rule's zh-CN message, or null when the key is free.
 */
async function repeatsNaturalKey(
  db: D1Database,
  rule: EntityRule,
  change: OfficialChange,
  taken: Set<string>,
  /** The changes this publish applies before this one (a key they give up is free). */
  applied: readonly OfficialChange[],
): Promise<string | null> {
  if (!rule.uniqueTogether || change.action === 'delete') return null;
  const live = change.action === 'update' ? await readLiveRecord(db, rule, change.entityId) : null;
  const record = { ...(live?.values ?? {}), ...(change.after ?? {}) };
  const own = change.action === 'update' ? keyValue(rule, change.entityId) : null;
  const keys: string[] = [];
  for (const unique of rule.uniqueTogether) {
    // A partial index: a record outside it (a member who is not the leader) holds no key.
    if (!Object.entries(unique.where ?? {}).every(([c, v]) => record[c] === v)) continue;
    const [columns, values] = uniqueKey(unique, record);
    const key = JSON.stringify([rule.table, columns, values]);
    if (taken.has(key)) return unique.message;
    if (unique.handOver) {
      const state = await handOverState(
        db,
        rule,
        unique,
        await keyHolders(db, rule, columns, values, own),
        applied,
      );
      if (state === 'held') return unique.message;
      if (state === 'pending') return unique.handOver.taken;
    } else if (await duplicateExists(db, rule, columns, values, own)) return unique.message;
    keys.push(key);
  }
  for (const key of keys) taken.add(key);
  return null;
}

/**
 * What the list fields of a publish's changes keep, per link table and owner: a record of that
 * table whose value is not kept is removed by the publish (replaceListStatements).
 */
function listRemovals(changes: readonly OfficialChange[]): Map<string, Set<string>> {
  const kept = new Map<string, Set<string>>();
  for (const change of changes) {
    const rule = entityRule(change.entityType);
    for (const [name, list] of Object.entries(rule?.lists ?? {})) {
      const value = change.action === 'delete' ? [] : change.after?.[name];
      if (Array.isArray(value)) {
        kept.set(JSON.stringify([list.table, list.ownerColumn, change.entityId]), new Set(value));
      }
    }
  }
  return kept;
}

/** Whether a change's record is a link row that a list change of the same publish removes. */
async function removedByList(
  db: D1Database,
  rule: EntityRule,
  change: OfficialChange,
  kept: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<boolean> {
  if (kept.size === 0) return false;
  const lists = entityRules()
    .flatMap((r) => Object.values(r.lists ?? {}))
    .filter((l) => l.table === rule.table);
  if (lists.length === 0) return false;
  const live = await readLiveRecord(db, rule, change.entityId);
  if (!live) return false;
  return lists.some((list) => {
    const owner = live.values[list.ownerColumn];
    const value = live.values[list.valueColumn];
    const keeps = kept.get(JSON.stringify([list.table, list.ownerColumn, String(owner)]));
    return keeps !== undefined && typeof value === 'string' && !keeps.has(value);
  });
}

interface PublishPlan {
  applied: OfficialChange[];
  /** Left open: stale, or held with a reason (also in `held`). */
  stale: OfficialChange[];
  held: { change: OfficialChange; reason: string }[];
}

/**
 * Which ready changes a publish applies, in order, and which it leaves open (stale, or held with
 * a reason); `keptBack` are held with the reason given.
 */
async function planPublish(
  db: D1Database,
  ready: readonly OfficialChange[],
  keptBack: ReadonlyMap<number, string>,
): Promise<PublishPlan> {
  const applied: OfficialChange[] = [];
  const staleChanges: OfficialChange[] = [];
  const held: { change: OfficialChange; reason: string }[] = [];
  const naturalKeys = new Set<string>();
  const removed = listRemovals(ready);
  for (const change of ready) {
    const rule = entityRule(change.entityType);
    if (!rule) {
      staleChanges.push(change);
      continue;
    }
    const kept = keptBack.get(change.id);
    if (kept !== undefined) {
      staleChanges.push(change);
      held.push({ change, reason: `发布时未生效：${kept}` });
      continue;
    }
    // A change made from a version its record has left (or a new record whose key is used now) is
    // left open as stale: it is withdrawn and drafted again whatever else would hold it.
    const version = await currentVersion(db, rule, change.entityId);
    if (change.action === 'create' ? version !== null : version !== change.baseVersion) {
      staleChanges.push(change);
      continue;
    }
    // A natural key taken since the draft (by another record, or by an earlier change of this
    // publish: two drafts racing for one group's leader) would fail the whole batch: that change is
    // held with the rule's reason, as a held import is, and the rest of the publish goes ahead.
    // Likewise a row the change needs that is gone since the draft (requiresRow), or the record
    // itself when another change of this publish takes it off a list (a member's role while the
    // group's list drops the member): its guarded write would find nothing and fail the batch.
    if (change.action === 'update' && (await removedByList(db, rule, change, removed))) {
      staleChanges.push(change);
      held.push({ change, reason: `发布时未生效：本次发布同时把这条${rule.label}从名单中移除。` });
      continue;
    }
    const refusal =
      (await missingRequiredRow(db, rule, change)) ??
      (await repeatsNaturalKey(db, rule, change, naturalKeys, applied));
    if (refusal !== null) {
      staleChanges.push(change);
      held.push({ change, reason: `发布时未生效：${refusal}` });
      continue;
    }
    applied.push(change);
  }
  return { applied, stale: staleChanges, held };
}

/**
 * The record a change leaves, if it holds a unique key that it did not hold before (a new
 * leader): the key's columns and values; null otherwise.
 */
async function keyTaken(
  db: D1Database,
  rule: EntityRule,
  unique: UniqueKey,
  change: OfficialChange,
): Promise<[string[], FieldValue[]] | null> {
  if (change.action === 'delete') return null;
  const live = change.action === 'update' ? await readLiveRecord(db, rule, change.entityId) : null;
  const record = { ...(live?.values ?? {}), ...(change.after ?? {}) };
  if (!inKey(unique, record)) return null;
  if (
    live &&
    inKey(unique, live.values) &&
    unique.columns.every((c) => sameValue(live.values[c], record[c]))
  ) {
    return null;
  }
  return uniqueKey(unique, record);
}

/**
 * Applied changes of a plan that give up a key (handOver) whose taking change the plan leaves open,
 * while no applied change takes it: applied alone they would leave the key without a holder (a
 * group without a leader because the new leader's change was stale or held).
 */
async function orphanedHandOvers(
  db: D1Database,
  plan: PublishPlan,
): Promise<{ change: OfficialChange; reason: string }[]> {
  const orphans = new Map<number, { change: OfficialChange; reason: string }>();
  for (const change of plan.stale) {
    const rule = entityRule(change.entityType);
    for (const unique of rule?.uniqueTogether ?? []) {
      if (!rule || !unique.handOver) continue;
      const key = await keyTaken(db, rule, unique, change);
      if (!key) continue;
      const wanted = JSON.stringify(key);
      let takenByApplied = false;
      for (const other of plan.applied) {
        if (other.entityType !== rule.type) continue;
        const otherKey = await keyTaken(db, rule, unique, other);
        if (otherKey && JSON.stringify(otherKey) === wanted) takenByApplied = true;
      }
      if (takenByApplied) continue;
      const own = change.action === 'update' ? keyValue(rule, change.entityId) : null;
      for (const holderKey of await keyHolders(db, rule, ...key, own)) {
        const live = await readLiveRecord(db, rule, holderKey);
        if (!live) continue;
        const holder = { key: holderKey, values: live.values };
        for (const giving of plan.applied.filter((a) => givesUp(a, rule, unique, holder))) {
          orphans.set(giving.id, { change: giving, reason: unique.handOver.kept });
        }
      }
    }
  }
  return [...orphans.values()];
}

export interface PublishOutcome {
  version: string;
  applied: OfficialChange[];
  /**
   * Ready changes left open: made from a version that has since moved on (to be redone), or held
   * with a reason (`held`).
   */
  stale: OfficialChange[];
  /** Changes held with a zh-CN reason (official_changes.held_reason), e.g. a group's second leader. */
  held: { change: OfficialChange; reason: string }[];
}

/**
 * Records a publish and applies every ready change (confirmed, or drafted where no confirmation is
 * needed) in one batch: the publishes row, its audit entry, and per change the live write, one
 * change-log row per field, one audit entry and the published stamp. Changes whose record moved on
 * since they were drafted are left out (and reported); a change that goes stale between the read and
 * the batch fails the batch, which is then refused with STALE_MESSAGE and nothing is written.
 */
export async function publishReadyChanges(
  db: D1Database,
  staff: StaffUser,
  input: { version: string; summary: string; auditCount: number; changeCount: number },
  /** More writes of this publish (the ready imports: functions/staff/imports/lifecycle.ts). */
  extraStatements: readonly D1PreparedStatement[] = [],
): Promise<PublishOutcome> {
  // Changes giving up a key another change takes over go first (the old leader's demotion before
  // the new leader: the one-leader index checks each statement of the batch); types whose write
  // moves another record by trigger go last (EntityRule.publishLast).
  const rankOf = (change: OfficialChange) =>
    entityRule(change.entityType)?.publishLast ? 2 : releasesHandOverKey(change) ? 0 : 1;
  const ready = (await listReadyChanges(db))
    .map((change, i) => ({ change, rank: rankOf(change), i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ change }) => change);
  // A hand-over whose taking change cannot be applied holds the changes giving the key up as well
  // (the old leader stays leader rather than the group having none): planned again without them.
  const keptBack = new Map<number, string>();
  let plan = await planPublish(db, ready, keptBack);
  for (let orphans = await orphanedHandOvers(db, plan); orphans.length > 0;) {
    for (const { change, reason } of orphans) keptBack.set(change.id, reason);
    plan = await planPublish(db, ready, keptBack);
    orphans = await orphanedHandOvers(db, plan);
  }
  const { applied, stale: staleChanges, held } = plan;
  const summary =
    input.summary ||
    `发布修改 ${applied.length} 项，记录变更 ${input.changeCount} 项，操作 ${input.auditCount} 次`;
  const statements: D1PreparedStatement[] = [
    insertPublishStatement(db, staff.id, input.version, summary),
    auditEntry(db, {
      actor: staff.id,
      action: 'publish.request',
      entityType: 'publish',
      entityId: input.version,
      after: {
        summary,
        changeCount: input.changeCount,
        auditCount: input.auditCount,
        officialChanges: applied.map((c) => c.id),
      },
    }),
  ];
  for (const change of applied) statements.push(...applyStatements(db, staff.id, change, input.version));
  for (const { change, reason } of held) statements.push(holdChangeStatement(db, change, reason));
  statements.push(...extraStatements);
  statements.push(markPublishCoverageStatement(db, input.version));
  try {
    await db.batch(statements);
  } catch (error) {
    throw toConflict(error);
  }
  return { version: input.version, applied, stale: staleChanges, held };
}
