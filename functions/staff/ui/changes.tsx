import type { StaleChange } from '../../changes/actions.ts';
import { changeFieldLabel, changeValueText } from '../../changes/labels.ts';
import type { OfficialChange } from '../../changes/queries.ts';
import { entityRule } from '../../changes/rules.ts';
import { beijingDateTime } from '../../lib/time.ts';
import { can, type StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, ScrollTable } from '../layout.tsx';
import { DataTable } from './components.tsx';

const stateLabels: Record<OfficialChange['state'], string> = {
  drafted: '草稿',
  confirmed: '已确认',
  published: '已发布',
  withdrawn: '已撤回',
};

function text(v: unknown, label: (value: string) => string = (value) => value): string {
  if (v === null || v === undefined) return '（空）';
  if (Array.isArray(v)) return v.map((item) => text(item, label)).join('、') || '（无）';
  // An empty text reads as empty, as on the public change log.
  if (typeof v === 'string') return v === '' ? '（空）' : label(v);
  // A coded number (whether counts show while voting: 1/0) by its label, as the change log shows it.
  if (typeof v === 'number') return label(String(v));
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** "地址：旧 → 新" lines of one change. */
export function ChangeFields({ change }: { change: OfficialChange }): Html {
  const after = change.after ?? {};
  const label = (field: string) => (value: string) => changeValueText(change.entityType, field, value);
  const fields = change.action === 'delete' ? Object.keys(change.before ?? {}) : Object.keys(after);
  return (
    <ul class="changes">
      {fields.map((f) => (
        <li>
          {changeFieldLabel(change.entityType, f)}：
          {change.action === 'create' ? (
            ''
          ) : (
            <>
              <del>{text(change.before?.[f], label(f))}</del> →{' '}
            </>
          )}
          <ins>{change.action === 'delete' ? '（删除）' : text(after[f], label(f))}</ins>
        </li>
      ))}
    </ul>
  );
}

/**
 * Why an open change can no longer be confirmed or published (functions/changes/actions.ts
 * findStaleChanges): what moved on the record, and that it must be withdrawn and drafted again.
 */
export function StaleNotice({ change, note }: { change: OfficialChange; note: StaleChange }): Html {
  const label = (field: string) => (value: string) => changeValueText(change.entityType, field, value);
  const what =
    note.kind === 'gone'
      ? '这条记录已被删除。'
      : note.kind === 'taken'
        ? '这个编号的记录已由他人新增。'
        : note.fields.length === 0
          ? '记录的其他内容已被修改，这项修改起草时依据的版本已不是现在的记录。'
          : '';
  const waiting = change.state === 'drafted' && change.needsConfirmation;
  return (
    <div class="warn">
      <strong>已过期：起草后记录已被他人修改</strong>
      {what ? (
        <p>{what}</p>
      ) : (
        <ul class="changes">
          {note.fields.map((f) => (
            <li>
              {changeFieldLabel(change.entityType, f.field)}：起草时为 {text(f.drafted, label(f.field))}，现为{' '}
              {text(f.now, label(f.field))}
            </li>
          ))}
        </ul>
      )}
      <p>
        {waiting ? '这项修改不能再确认，发布时也不会生效' : '这项修改发布时不会生效'}
        ：请撤回后按记录现状重新起草。
      </p>
    </div>
  );
}

/** Who may confirm or withdraw the changes shown, with the form token. */
export interface ChangeActions {
  token: string;
  staff: StaffUser;
}

/**
 * The console's one table of official changes: the changes waiting for a publish (with the
 * record, and confirm and withdraw buttons) and a record's own history.
 */
export function ChangesTable({
  label,
  changes,
  showRecord = false,
  actions,
  stale = new Map(),
}: {
  label: string;
  changes: readonly OfficialChange[];
  showRecord?: boolean;
  actions?: ChangeActions;
  /** Open changes whose record moved on since their draft: shown as stale, never with a confirm button. */
  stale?: ReadonlyMap<number, StaleChange>;
}): Html {
  const columns = [
    { label: '编号' },
    ...(showRecord ? [{ label: '记录' }] : []),
    { label: '修改内容' },
    { label: '原因' },
    { label: '起草' },
    { label: '确认' },
    { label: '状态' },
    ...(actions ? [{ label: '操作' }] : []),
  ];
  return (
    <ScrollTable label={label}>
      {/* One row per change; on a phone each row is a card whose cells name their column
          (data-label), so the state and the buttons are never off to the side. */}
      <DataTable columns={columns} class="change-table">
        {changes.map((ch) => {
          const note = stale.get(ch.id);
          const waiting = ch.state === 'drafted' && ch.needsConfirmation;
          return (
            <tr>
              <td data-label="编号" class="change-id">
                {ch.id}
              </td>
              {showRecord ? (
                <td data-label="记录">
                  {entityRule(ch.entityType)?.label ?? ch.entityType} {ch.entityId}
                </td>
              ) : (
                ''
              )}
              <td data-label="修改内容">
                <ChangeFields change={ch} />
              </td>
              <td data-label="原因">
                {ch.reason || '—'}
                {ch.reference ? (
                  <>
                    <br />
                    依据：{ch.reference}
                  </>
                ) : (
                  ''
                )}
              </td>
              <td data-label="起草">
                {ch.draftedByName ?? ch.draftedBy}
                <br />
                {beijingDateTime(ch.draftedAt)}
              </td>
              <td data-label="确认">
                {ch.confirmedBy ? (
                  <>
                    {ch.confirmedByName ?? ch.confirmedBy}
                    <br />
                    {ch.confirmedAt ? beijingDateTime(ch.confirmedAt) : ''}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="状态" class="change-state">
                <strong class="state">{note ? '已过期' : waiting ? '待确认' : stateLabels[ch.state]}</strong>
                {note ? <StaleNotice change={ch} note={note} /> : ''}
                {ch.heldReason && (ch.state === 'drafted' || ch.state === 'confirmed') ? (
                  <>
                    <br />
                    <strong>{ch.heldReason}</strong>
                  </>
                ) : (
                  ''
                )}
                {ch.publishedAt ? (
                  <>
                    <br />
                    {beijingDateTime(ch.publishedAt)}
                  </>
                ) : (
                  ''
                )}
              </td>
              {actions ? (
                <td data-label="操作" class="change-actions">
                  <ChangeButtons change={ch} waiting={waiting && !note} actions={actions} />
                </td>
              ) : (
                ''
              )}
            </tr>
          );
        })}
      </DataTable>
    </ScrollTable>
  );
}

function ChangeButtons({
  change,
  waiting,
  actions: { token, staff },
}: {
  change: OfficialChange;
  waiting: boolean;
  actions: ChangeActions;
}): Html {
  return (
    <>
      {waiting &&
      change.draftedBy !== staff.id &&
      !change.earlierDrafters.includes(staff.id) &&
      can(staff, 'records.confirm') ? (
        <form method="post" action={`/staff/publish/changes/${String(change.id)}/confirm`}>
          {csrfInput(token)}
          <button type="submit">核对无误，确认</button>
        </form>
      ) : (
        ''
      )}
      {can(staff, 'records.edit') ? (
        <form method="post" action={`/staff/publish/changes/${String(change.id)}/withdraw`}>
          {csrfInput(token)}
          <button type="submit" class="secondary">
            撤回
          </button>
        </form>
      ) : (
        ''
      )}
    </>
  );
}

/**
 * The changes waiting for a publish, with confirm and withdraw buttons, counted by what the next
 * publish does with them: stale ones apart, since they will never be published as drafted.
 */
export function OpenChanges({
  token,
  staff,
  open,
  stale = new Map(),
}: ChangeActions & { open: OfficialChange[]; stale?: ReadonlyMap<number, StaleChange> }): Html {
  const staleCount = open.filter((c) => stale.has(c.id)).length;
  const waitingCount = open.filter(
    (c) => !stale.has(c.id) && c.state === 'drafted' && c.needsConfirmation,
  ).length;
  const readyCount = open.length - staleCount - waitingCount;
  return (
    <>
      <h2>待发布的记录修改</h2>
      {open.length === 0 ? (
        <p>没有待发布的记录修改。</p>
      ) : (
        <>
          <p class="open-counts">
            共 {open.length} 项：下次发布生效 {readyCount} 项，待确认 {waitingCount} 项
            {staleCount > 0
              ? `，已过期 ${String(staleCount)} 项（起草后记录已被他人修改，须撤回后重新起草）`
              : ''}
            。
          </p>
          <p>
            已确认的修改和无需确认的草稿会在下次发布时一并生效；标为“待确认”的修改须由起草人以外的工作人员核对后确认。
            {staleCount > 0 ? '标为“已过期”的修改不能确认，也不会被发布。' : ''}
          </p>
          <ChangesTable
            label="待发布的记录修改"
            changes={open}
            showRecord
            actions={{ token, staff }}
            stale={stale}
          />
        </>
      )}
    </>
  );
}
