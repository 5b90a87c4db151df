import { type Context, Hono } from 'hono';
import { ApiError } from '../../lib/errors.ts';
import { requireCapability } from '../auth/routes.ts';
import type { StaffEnv } from '../env.ts';
import { render } from '../render.tsx';
import { valid } from '../../lib/validation.ts';
import { validForm } from '../ui/valid-form.ts';
import { addStaffMember, disableStaffMember, enableStaffMember, updateStaffMember } from './actions.ts';
import { findStaffAccount, listStaffAccounts, listStationOptions, type StaffAccount } from './queries.ts';
import { StaffAddForm, StaffIdParam, StaffListQuery, StaffUpdateForm } from './schema.ts';
import { staffAddView, staffEditView, staffListView } from './views.tsx';

const PAGE_SIZE = 50;

async function showAdd(
  c: Context<StaffEnv>,
  values: Record<string, string | string[]>,
  errors: Record<string, string>,
  status: 200 | 400 | 409 = 200,
): Promise<Response> {
  const stations = await listStationOptions(c.env.DB);
  return render(
    c,
    { title: '添加工作人员', current: 'accounts', status },
    staffAddView(c.get('csrfToken'), values, errors, stations),
  );
}

function accountValues(a: StaffAccount): Record<string, string> {
  return { displayName: a.displayName, role: a.role, stationId: a.stationId ?? '' };
}

async function showEdit(
  c: Context<StaffEnv>,
  id: string,
  values: Record<string, string | string[]> | null,
  errors: Record<string, string>,
  status: 200 | 400 | 409 = 200,
  message?: string,
): Promise<Response> {
  const account = await findStaffAccount(c.env.DB, id);
  if (!account) throw new ApiError(404, 'not_found', '没有找到这位工作人员。');
  const stations = await listStationOptions(c.env.DB);
  return render(
    c,
    { title: account.displayName, current: 'accounts', status },
    staffEditView(c.get('csrfToken'), account, values ?? accountValues(account), errors, stations, message),
  );
}

/** An action's refusal shown on the form it came from, keeping what was typed. */
function refusal(error: unknown): { status: 400 | 409; errors: Record<string, string>; message: string } {
  if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
    return { status: error.status, errors: error.fields ?? {}, message: error.message };
  }
  throw error;
}

export const accountsConsole = new Hono<StaffEnv>()
  .use(requireCapability('staff.manage'))
  .get('/', valid('query', StaffListQuery), async (c) => {
    const { page } = c.req.valid('query');
    const rows = await listStaffAccounts(c.env.DB, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
    return render(
      c,
      { title: '工作人员账号', current: 'accounts' },
      staffListView(c.get('csrfToken'), rows.slice(0, PAGE_SIZE), page, rows.length > PAGE_SIZE),
    );
  })
  .get('/new', (c) => showAdd(c, {}, {}))
  .post(
    '/',
    validForm(StaffAddForm, (c, errors, values) => showAdd(c, values, errors, 400)),
    async (c) => {
      const form = c.req.valid('form');
      try {
        const id = await addStaffMember(c.env.DB, c.get('staff'), form);
        return c.redirect(`/staff/accounts/${id}?notice=staff_saved`, 303);
      } catch (error) {
        const r = refusal(error);
        return showAdd(c, { ...form, stationId: form.stationId ?? '' }, r.errors, r.status);
      }
    },
  )
  .get('/:id', valid('param', StaffIdParam), (c) => showEdit(c, c.req.valid('param').id, null, {}))
  .post(
    '/:id',
    valid('param', StaffIdParam),
    validForm(StaffUpdateForm, (c, errors, values) =>
      showEdit(c, c.req.param('id') ?? '', values, errors, 400),
    ),
    async (c) => {
      const { id } = c.req.valid('param');
      const form = c.req.valid('form');
      try {
        await updateStaffMember(c.env.DB, c.get('staff'), id, form);
      } catch (error) {
        const r = refusal(error);
        return showEdit(c, id, { ...form, stationId: form.stationId ?? '' }, r.errors, r.status, r.message);
      }
      return c.redirect(`/staff/accounts/${id}?notice=staff_saved`, 303);
    },
  )
  .post('/:id/disable', valid('param', StaffIdParam), async (c) => {
    const { id } = c.req.valid('param');
    try {
      await disableStaffMember(c.env.DB, c.get('staff'), id);
    } catch (error) {
      const r = refusal(error);
      return showEdit(c, id, null, r.errors, r.status, r.message);
    }
    return c.redirect(`/staff/accounts/${id}?notice=staff_disabled`, 303);
  })
  .post('/:id/enable', valid('param', StaffIdParam), async (c) => {
    const { id } = c.req.valid('param');
    try {
      await enableStaffMember(c.env.DB, c.get('staff'), id);
    } catch (error) {
      const r = refusal(error);
      return showEdit(c, id, null, r.errors, r.status, r.message);
    }
    return c.redirect(`/staff/accounts/${id}?notice=staff_enabled`, 303);
  });
