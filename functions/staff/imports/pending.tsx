import { beijingDateTime } from '../../lib/time.ts';
import { can, type StaffUser } from '../auth/schema.ts';
import { csrfInput, type Html, ScrollTable } from '../layout.tsx';
import { DataTable } from '../ui/components.tsx';
import { confirmationReasons } from './lifecycle.ts';
import type { StoredImport } from './queries.ts';
import { importKindLabels } from './schema.ts';

/**
 * The submitted imports on the publish page: what each would write, who submitted it, whether a
 * second person still has to confirm it, and why the last publish left it out.
 */

const columns = [
  { label: '导入' },
  { label: '文件' },
  { label: '提交' },
  { label: '新增 / 更新 / 删除' },
  { label: '状态' },
  { label: '操作' },
];

function Status({ file }: { file: StoredImport }): Html {
  const reason = confirmationReasons[file.kind];
  return (
    <>
      {file.state === 'confirmed' ? (
        <>
          已由 {file.confirmedByName ?? file.confirmedBy ?? ''} 确认
          {file.confirmedAt ? `（${beijingDateTime(file.confirmedAt)}）` : ''}，下次发布时写入
        </>
      ) : file.needsConfirmation ? (
        <>待另一位工作人员确认（{reason ?? '含正式数据'}）</>
      ) : (
        <>无需第二人确认，下次发布时写入</>
      )}
      {file.heldReason ? (
        <p class="warn" role="status">
          上次发布未导入{file.heldAt ? `（${beijingDateTime(file.heldAt)}）` : ''}：{file.heldReason}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

/** A few of the dry run's field changes; the link re-checks the whole file against the data now. */
function Changes({ file }: { file: StoredImport }): Html {
  return (
    <>
      {file.changes.length > 0 ? (
        <details>
          <summary>检查时的字段变更（前 {file.changes.length} 条）</summary>
          <ul class="changes">
            {file.changes.flatMap((c) =>
              c.fields.map((f) => (
                <li>
                  第 {c.row} 行 {c.record} {f.column}：<del>{f.before}</del> → <ins>{f.after}</ins>
                </li>
              )),
            )}
          </ul>
        </details>
      ) : (
        ''
      )}
      <a href={`/staff/imports/pending/${file.id}`}>按当前数据查看全部变更</a>
    </>
  );
}

function Buttons({ file, token, staff }: { file: StoredImport; token: string; staff: StaffUser }): Html {
  const waiting = file.state === 'submitted' && file.needsConfirmation;
  return (
    <>
      {waiting && file.submittedBy !== staff.id && can(staff, 'records.confirm') ? (
        <form method="post" action={`/staff/imports/pending/${file.id}/confirm`}>
          {csrfInput(token)}
          <button type="submit">核对无误，确认导入</button>
        </form>
      ) : waiting ? (
        <p class="hint">须由提交人以外的工作人员确认。</p>
      ) : (
        ''
      )}
      {can(staff, 'records.import') ? (
        <form method="post" action={`/staff/imports/pending/${file.id}/withdraw`}>
          {csrfInput(token)}
          <button type="submit" class="secondary">
            撤回并删除文件
          </button>
        </form>
      ) : (
        ''
      )}
    </>
  );
}

export function PendingImports({
  token,
  staff,
  imports,
}: {
  token: string;
  staff: StaffUser;
  imports: readonly StoredImport[];
}): Html {
  return (
    <>
      <h2 id="pending-imports">待发布的导入</h2>
      {imports.length === 0 ? (
        <p>没有待发布的导入。</p>
      ) : (
        <>
          <p>
            导入提交后不会立即写入：代表名册、建议办理台账和履职报告含正式数据，须由提交人以外的工作人员确认；
            发布时按当时的数据重新检查每份文件，没有问题才与本次发布一起写入，并在公开修改日志中留下记录。
          </p>
          <ScrollTable label="待发布的导入">
            <DataTable columns={columns}>
              {imports.map((file) => (
                <tr id={`import-${file.id}`}>
                  <td>
                    {importKindLabels[file.kind]}
                    {file.mode === 'replace' ? '（替换）' : ''}
                  </td>
                  <td>
                    {file.fileName}
                    <br />
                    SHA-256 <code title={file.sha256}>{file.sha256.slice(0, 16)}…</code>
                  </td>
                  <td>
                    {file.submittedByName ?? file.submittedBy}
                    <br />
                    {file.submittedAt ? beijingDateTime(file.submittedAt) : ''}
                  </td>
                  <td>
                    {file.inserted} / {file.updated} / {file.removed}
                    <br />
                    <Changes file={file} />
                  </td>
                  <td>
                    <Status file={file} />
                  </td>
                  <td>
                    <Buttons file={file} token={token} staff={staff} />
                  </td>
                </tr>
              ))}
            </DataTable>
          </ScrollTable>
        </>
      )}
    </>
  );
}
