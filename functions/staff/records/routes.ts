import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  draftChange,
  findStaleChanges,
  type StaleChange,
  requireOwnStation,
  stationOf,
  withdrawChange,
} from '../../changes/actions.ts';
import type { FieldValue } from '../../changes/fields.ts';
import { findOpenChange, listRecordChanges, readLiveRecord } from '../../changes/queries.ts';
import { entityRule, type EntityRule, entityRules } from '../../changes/rules.ts';
import { ApiError } from '../../lib/errors.ts';
import { can, recordScope, type StaffUser } from '../auth/schema.ts';
import type { StaffEnv } from '../env.ts';
import type { Html } from '../layout.tsx';
import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import { plainText } from '../validation.ts';
import { validForm } from '../ui/valid-form.ts';
import { type RecordForm, recordForms } from './forms.ts';
import {
  listOptions,
  listRecords,
  type Option,
  readGroupMembers,
  readRatingContext,
  readReplyContext,
  readSuggestionHandling,
  recordTitle,
} from './queries.ts';
import {
  inputValue,
  ReceptionDayExtras,
  recordFormView,
  recordsIndexView,
  recordsListView,
  GroupMemberContextExtras,
  GroupMembersExtras,
  RatingContextExtras,
  ReplyContextExtras,
  SuggestionHandlingExtras,
} from './views.tsx';
import { CancelForm, DayParam } from './reception-days.ts';
import { DocumentForm, dutyReportExtras, uploadReportDocument } from './documents.ts';

const PAGE_SIZE = 50;

const TypeParam = z.object({ type: z.string().regex(/^[a-z_]{1,40}$/, '没有这类记录。') });
const RecordParam = TypeParam.extend({
  // A group membership's key joins two ids with a dot ("<group>.<deputy>", migration 0030), so it
  // may pass the 80 characters of one id: its page still opens, and a save says why it cannot be
  // drafted (functions/changes/actions.ts keyTooLong).
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,160}$/, '记录编号无效。'),
});
const WithdrawForm = z.object({
  change: z.coerce.number({ error: '缺少要撤回的修改。' }).int().positive('缺少要撤回的修改。'),
});
const ListQuery = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(80, '查找内容过长。')),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const NewQuery = z.object({
  station_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/)
    .optional()
    .catch(undefined),
  // A commitment added from its suggestion's page starts with that suggestion filled in.
  suggestion_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/)
    .optional()
    .catch(undefined),
  // A new round's reply (重新办理) starts with its lead unit filled in.
  handling_unit_id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/)
    .optional()
    .catch(undefined),
  // A rating or a new round's reply opened from its suggestion's page starts with the round filled in.
  round: z
    .string()
    .regex(/^[1-9]$/)
    .optional()
    .catch(undefined),
});

/** The form's own fields besides the record's: id (new text-keyed records), version, replaced draft, reason. */
const RecordMeta = z.looseObject({
  _id: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, '编号只能用小写字母、数字和连字符，且以字母或数字开头。')
      .optional(),
  ),
  _base: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).optional()),
  _replacing: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).optional()),
  reason: z
    .string()
    .trim()
    .max(500, '修改原因不能超过 500 个字。')
    .superRefine(plainText('修改原因', true))
    .default(''),
  reference: z.string().trim().max(120, '依据不能超过 120 个字。').superRefine(plainText('依据')).default(''),
});
type RecordMeta = z.infer<typeof RecordMeta>;

/** The record types this staff member keeps in the console (station staff: reception days). */
function keptRules(staff: StaffUser): EntityRule[] {
  return entityRules().filter((r) => recordForms[r.type] && can(staff, r.capability));
}

function lookup(staff: StaffUser, type: string): { rule: EntityRule; form: RecordForm } {
  const rule = entityRule(type);
  const form = recordForms[type];
  if (!rule || !form) throw new ApiError(404, 'not_found', '没有这类记录。');
  if (!can(staff, rule.capability)) throw new ApiError(403, 'forbidden', `您的角色不能维护${rule.label}。`);
  return { rule, form };
}

async function optionsFor(
  db: D1Database,
  form: RecordForm,
  values: Record<string, string | string[]>,
  scope: string | null,
): Promise<Record<string, Option[]>> {
  const out: Record<string, Option[]> = {};
  const stationId = typeof values.station_id === 'string' && values.station_id ? values.station_id : null;
  for (const field of form.fields) {
    if (typeof field.options === 'string')
      out[field.name] = await listOptions(db, field.options, { stationId, scope });
  }
  return out;
}

function toInputs(form: RecordForm, record: Record<string, FieldValue>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const field of form.fields) out[field.name] = inputValue(field, record[field.name]);
  return out;
}

/** Shows the create or edit form: the published record (or its waiting draft) unless values are given. */
async function showForm(
  c: Context<StaffEnv>,
  type: string,
  id: string | null,
  given: Record<string, string | string[]> | null,
  errors: Record<string, string>,
  status: 200 | 400 | 404 | 409 = 200,
  message?: string,
): Promise<Response> {
  const staff = c.get('staff');
  const { rule, form } = lookup(staff, type);
  const db = c.env.DB;
  const scope = recordScope(staff);
  // Station staff: a record or submitted form of another station is refused before anything shows.
  if (scope !== null && given) {
    const station = stationOf(rule, given);
    if (station !== undefined || !rule.stationColumn) requireOwnStation(staff, rule, station);
  }
  let values = given ?? {};
  let baseVersion: number | null = null;
  let open = null;
  let title = `新增${rule.label}`;
  let extra: Html | undefined;
  let mode: 'create' | 'update' = id === null ? 'create' : 'update';
  const live = id === null ? null : await readLiveRecord(db, rule, id);
  if (id !== null && !live) {
    // A new record not yet published: its draft is shown again, as a create that replaces it.
    open = await findOpenChange(db, rule.type, id);
    if (!open || open.action !== 'create')
      throw new ApiError(404, 'not_found', `没有找到这条${rule.label}。`);
    requireOwnStation(staff, rule, stationOf(rule, open.after));
    mode = 'create';
    title = `新增${rule.label}（待发布）`;
    if (!given) values = { ...toInputs(form, open.after ?? {}), _id: id };
  }
  if (id !== null && live) {
    requireOwnStation(staff, rule, stationOf(rule, live.values));
    open = await findOpenChange(db, rule.type, id);
    baseVersion = live.version;
    if (!given) values = toInputs(form, { ...live.values, ...(open?.after ?? {}) });
    else {
      // Fields fixed since the record was created show what the record holds, whatever was posted.
      const fixed = form.fields.filter((f) => f.createOnly);
      values = { ...values, ...toInputs({ ...form, fields: fixed }, live.values) };
    }
    title = `${rule.label}：${(await recordTitle(db, rule, form, rule.keyKind === 'integer' ? Number(id) : id)) ?? id}`;
    if (rule.type === 'reception_day') {
      extra = ReceptionDayExtras({
        token: c.get('csrfToken'),
        id,
        live: live.values,
        baseVersion,
        open,
        errors,
      });
    }
    if (rule.type === 'duty_report') extra = await dutyReportExtras(c, id, errors);
    if (rule.type === 'suggestion') {
      extra = SuggestionHandlingExtras({ id, handling: await readSuggestionHandling(db, id) });
    }
    if (rule.type === 'suggestion_reply') {
      const context = await readReplyContext(db, Number(id));
      if (context) extra = ReplyContextExtras({ context });
    }
    if (rule.type === 'deputy_group') extra = GroupMembersExtras({ members: await readGroupMembers(db, id) });
    if (rule.type === 'group_member' && typeof live.values.group_id === 'string') {
      extra = GroupMemberContextExtras({ groupId: live.values.group_id });
    }
  }
  // A rating, published or new: back to its suggestion's page.
  const ratingOf = rule.type === 'suggestion_rating' ? values.suggestion_id : undefined;
  if (typeof ratingOf === 'string' && ratingOf) {
    const context = await readRatingContext(db, ratingOf);
    if (context) extra = RatingContextExtras({ context });
  }
  // Station staff's station is fixed in the form: shown, sent back hidden, checked again on save.
  const locked = scope !== null && rule.stationColumn ? [rule.stationColumn] : [];
  if (scope !== null && rule.stationColumn && !values[rule.stationColumn]) {
    values = { ...values, [rule.stationColumn]: scope };
  }
  // The waiting change is marked, as on the publish page, when the record moved on since its draft.
  const stale = open ? await findStaleChanges(db, [open]) : new Map<number, StaleChange>();
  return render(
    c,
    { title, current: 'records', status },
    recordFormView({
      rule,
      form,
      mode,
      id,
      title,
      values,
      errors,
      message,
      baseVersion:
        given && typeof given._base === 'string' ? Number(given._base) || baseVersion : baseVersion,
      open,
      stale: open ? (stale.get(open.id) ?? null) : null,
      locked,
      options: await optionsFor(db, form, values, scope),
      history: id === null ? [] : await listRecordChanges(db, rule.type, id),
      historyStale: stale,
      token: c.get('csrfToken'),
      ...(extra ? { extra } : {}),
    }),
  );
}

/** The record's fields from a submitted form; an unticked multi-select means "none". */
function submittedValues(form: RecordForm, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = body[field.name];
    if (value !== undefined) out[field.name] = value;
    else if (field.kind === 'multi') out[field.name] = [];
  }
  return out;
}

function asStrings(body: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

async function saveDraft(
  c: Context<StaffEnv>,
  type: string,
  id: string | null,
  meta: RecordMeta,
  extraValues: Record<string, unknown> = {},
): Promise<Response> {
  const { rule, form } = lookup(c.get('staff'), type);
  const body = meta as Record<string, unknown>;
  try {
    const result = await draftChange(c.env.DB, c.get('staff'), {
      entityType: rule.type,
      entityId: id ?? meta._id ?? null,
      action: id === null ? 'create' : 'update',
      values: { ...submittedValues(form, body), ...extraValues },
      baseVersion: id === null ? null : (meta._base ?? null),
      replacing: meta._replacing ?? null,
      reason: meta.reason,
      reference: meta.reference,
    });
    const notice = result.needsConfirmation ? 'change_needs_confirmation' : 'change_drafted';
    return c.redirect(`/staff/records/${rule.type}/${result.entityId}?notice=${notice}`, 303);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 400 || error.status === 409 || error.status === 404)) {
      const fields = { ...(error.fields ?? {}) };
      if (fields.id) {
        fields._id = fields.id;
        delete fields.id;
      }
      // A stale save shows the record as it now is, with the refusal on top.
      const stale = error.code === 'stale_version';
      return showForm(c, type, id, stale ? null : asStrings(body), fields, error.status, error.message);
    }
    throw error;
  }
}

export const recordsConsole = new Hono<StaffEnv>()
  .use(async (c, next) => {
    if (keptRules(c.get('staff')).length === 0) {
      throw new ApiError(403, 'forbidden', '您的角色没有这项权限。');
    }
    await next();
  })
  .get('/', (c) =>
    render(c, { title: '记录维护', current: 'records' }, recordsIndexView(keptRules(c.get('staff')))),
  )
  .get('/:type', valid('param', TypeParam), valid('query', ListQuery), async (c) => {
    const staff = c.get('staff');
    const { rule, form } = lookup(staff, c.req.valid('param').type);
    const { q, page } = c.req.valid('query');
    const rows = await listRecords(c.env.DB, rule, form, {
      q: q || null,
      limit: PAGE_SIZE + 1,
      offset: (page - 1) * PAGE_SIZE,
      station: recordScope(staff),
    });
    return render(
      c,
      { title: rule.label, current: 'records' },
      recordsListView(rule, form, rows.slice(0, PAGE_SIZE), page, rows.length > PAGE_SIZE, q),
    );
  })
  .get('/:type/new', valid('param', TypeParam), valid('query', NewQuery), (c) => {
    // Station staff add days at their own station (showForm refuses another one named here).
    const query = c.req.valid('query');
    const stationId = query.station_id ?? recordScope(c.get('staff'));
    const type = c.req.valid('param').type;
    if (type === 'commitment' && query.suggestion_id) {
      return showForm(c, type, null, { suggestion_id: query.suggestion_id, status: 'open' }, {});
    }
    if (type === 'suggestion_reply' && query.suggestion_id) {
      return showForm(
        c,
        type,
        null,
        {
          suggestion_id: query.suggestion_id,
          handling_unit_id: query.handling_unit_id ?? '',
          round: query.round ?? '',
        },
        {},
      );
    }
    if (type === 'suggestion_rating' && query.suggestion_id) {
      return showForm(c, type, null, { suggestion_id: query.suggestion_id, round: query.round ?? '' }, {});
    }
    return showForm(c, type, null, stationId ? { station_id: stationId, status: 'scheduled' } : null, {});
  })
  .post(
    '/:type',
    valid('param', TypeParam),
    validForm(RecordMeta, (c, errors, values) =>
      showForm(c, c.req.param('type') ?? '', null, values, errors, 400),
    ),
    (c) => saveDraft(c, c.req.valid('param').type, null, c.req.valid('form')),
  )
  .post(
    '/reception_day/:id/cancel',
    valid('param', DayParam),
    validForm(CancelForm, (c, errors) =>
      showForm(c, 'reception_day', c.req.param('id') ?? '', null, errors, 400),
    ),
    async (c) => {
      const { id } = c.req.valid('param');
      const form = c.req.valid('form');
      try {
        await draftChange(c.env.DB, c.get('staff'), {
          entityType: 'reception_day',
          entityId: id,
          action: 'update',
          values: { status: 'cancelled', status_note: form.cancel_reason },
          baseVersion: form._base,
          replacing: form._replacing ?? null,
          reason: form.cancel_reason,
          reference: '',
        });
      } catch (error) {
        if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
          return showForm(c, 'reception_day', id, null, error.fields ?? {}, error.status, error.message);
        }
        throw error;
      }
      return c.redirect(`/staff/records/reception_day/${id}?notice=change_drafted`, 303);
    },
  )
  .post(
    '/duty_report/:id/document',
    valid('param', RecordParam.pick({ id: true })),
    validForm(DocumentForm, (c, errors) =>
      showForm(c, 'duty_report', c.req.param('id') ?? '', null, errors, 400),
    ),
    async (c) => {
      const { id } = c.req.valid('param');
      // Refused before the file is stored for roles that do not keep duty reports.
      lookup(c.get('staff'), 'duty_report');
      try {
        await uploadReportDocument(c, id, c.req.valid('form'));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
          return showForm(c, 'duty_report', id, null, error.fields ?? {}, error.status, error.message);
        }
        throw error;
      }
      return c.redirect(`/staff/records/duty_report/${id}?notice=change_drafted`, 303);
    },
  )
  .post('/:type/:id/withdraw', valid('param', RecordParam), valid('form', WithdrawForm), async (c) => {
    const { type, id } = c.req.valid('param');
    const { rule } = lookup(c.get('staff'), type);
    // Only the change this record's page showed: a number from elsewhere withdraws nothing.
    const open = await findOpenChange(c.env.DB, rule.type, id);
    if (open?.id !== c.req.valid('form').change) {
      throw new ApiError(409, 'conflict', '这项修改已发布或已撤回，请刷新页面。');
    }
    await withdrawChange(c.env.DB, c.get('staff'), open.id);
    // A new record's draft leaves nothing to show: back to the list.
    const back =
      open.action === 'create' ? `/staff/records/${rule.type}` : `/staff/records/${rule.type}/${id}`;
    return c.redirect(`${back}?notice=change_withdrawn`, 303);
  })
  .get('/:type/:id', valid('param', RecordParam), (c) => {
    const { type, id } = c.req.valid('param');
    return showForm(c, type, id, null, {});
  })
  .post(
    '/:type/:id',
    valid('param', RecordParam),
    validForm(RecordMeta, (c, errors, values) =>
      showForm(c, c.req.param('type') ?? '', c.req.param('id') ?? '', values, errors, 400),
    ),
    (c) => {
      const { type, id } = c.req.valid('param');
      return saveDraft(c, type, id, c.req.valid('form'));
    },
  );
