import { csrfInput, type Html, ScrollTable } from '../layout.tsx';
import { DataTable, Fact, Facts } from '../ui/components.tsx';
import { MAX_LISTED_ERRORS } from './planner.ts';
import type { StoredImport } from './queries.ts';
import {
  activityColumns,
  type ColumnInfo,
  dutyReportColumns,
  receptionDayColumns,
  type ImportKind,
  importKindLabels,
  importKinds,
  type ImportReport,
  rosterColumns,
  suggestionColumns,
} from './schema.ts';

const columnTables: Record<ImportKind, Record<string, ColumnInfo>> = {
  roster: rosterColumns,
  activities: activityColumns,
  suggestions: suggestionColumns,
  reception_days: receptionDayColumns,
  duty_reports: dutyReportColumns,
};

const naturalKeys: Record<ImportKind, string> = {
  roster: '代表编号',
  activities: '代表编号 + 活动日期 + 活动名称',
  suggestions: '会议编号 + 类型 + 编号',
  reception_days: '联络站编号 + 开始时间',
  duty_reports: '代表编号 + 年度',
};

/** Kinds with the replace mode, and what one replace covers. */
const replaceScopes: Partial<Record<ImportKind, string>> = {
  activities: '文件中出现的年份',
  reception_days: '文件中出现的年份',
  duty_reports: '文件中出现的年度',
};

/** Kinds exported one year at a time when asked. */
const yearlyExports = new Set<ImportKind>(['activities', 'reception_days', 'duty_reports']);

/** Which columns a file of this kind has, and how its rows are matched to records. */
function ColumnList({ kind }: { kind: ImportKind }): Html {
  const columns = Object.values(columnTables[kind]);
  const scope = replaceScopes[kind];
  return (
    <p class="hint">
      列（<abbr title="必填">*</abbr> 为必填）：
      {columns.map((c, i) => (
        <>
          {i > 0 ? '、' : ''}
          {c.header}
          {c.required ? <abbr title="必填">*</abbr> : ''}
        </>
      ))}
      。 按“{naturalKeys[kind]}”识别同一条记录：已有的更新，没有的新增
      {scope
        ? `；选择“替换”时，${scope}中文件里没有的记录会被删除（检查后须再次确认）`
        : '，不会删除任何记录'}
      。
    </p>
  );
}

function ExportLinks({ kind }: { kind: ImportKind }): Html {
  if (yearlyExports.has(kind)) {
    return (
      <form
        method="get"
        action={`/staff/imports/${kind}/export`}
        class="filters"
        aria-label={`导出${importKindLabels[kind]}`}
      >
        <label>
          年度（留空为全部） <input type="number" name="year" min="2000" max="2100" />
        </label>
        <label>
          格式
          <select name="format">
            <option value="xlsx">Excel</option>
            <option value="csv">CSV</option>
          </select>
        </label>
        <button type="submit" class="secondary">
          导出
        </button>
      </form>
    );
  }
  return (
    <p>
      导出：<a href={`/staff/imports/${kind}/export?format=xlsx`}>Excel</a> ·{' '}
      <a href={`/staff/imports/${kind}/export?format=csv`}>CSV</a>
    </p>
  );
}

function UploadForm({ token, kind }: { token: string; kind: ImportKind }): Html {
  const scope = replaceScopes[kind];
  return (
    <form method="post" action={`/staff/imports/${kind}`} enctype="multipart/form-data" class="stack">
      {csrfInput(token)}
      <label>
        选择文件（.xlsx 或 .csv，不超过 12 MB） <input type="file" name="file" accept=".xlsx,.csv" required />
      </label>
      {scope ? (
        <fieldset>
          <legend>导入方式</legend>
          <label class="check">
            <input type="radio" name="mode" value="merge" checked /> 新增和更新（不删除）
          </label>
          <label class="check">
            <input type="radio" name="mode" value="replace" /> 替换{scope}的记录（文件中没有的将被删除）
          </label>
        </fieldset>
      ) : (
        ''
      )}
      <button type="submit">上传并检查</button>
    </form>
  );
}

export function importsHomeView(token: string): Html {
  return (
    <>
      <h1>导入导出</h1>
      <p>
        可上传 Excel（.xlsx）或
        CSV（UTF-8）文件。上传后先做检查，列出每一行的问题；确认无误后提交，在“发布”时才写入（代表名册、建议办理台账和履职报告还须另一位工作人员确认），而且要么全部写入，要么都不写入。
        同一个文件重复导入不会产生变化。建议先导出一份作为模板。
      </p>
      {importKinds.map((kind) => (
        <section aria-labelledby={`import-${kind}`}>
          <h2 id={`import-${kind}`}>{importKindLabels[kind]}</h2>
          <ColumnList kind={kind} />
          <ExportLinks kind={kind} />
          <UploadForm token={token} kind={kind} />
        </section>
      ))}
    </>
  );
}

function Summary({ report }: { report: ImportReport }): Html {
  return (
    <Facts>
      <Fact term="文件">
        {report.fileName}（{report.format === 'xlsx' ? `Excel，读取工作表「${report.sheet ?? ''}」` : 'CSV'}）
      </Fact>
      <Fact term="数据行">{report.rows}</Fact>
      {report.errors.length === 0 ? (
        <>
          <Fact term="新增">{report.inserted}</Fact>
          <Fact term="更新">{report.updated}</Fact>
          <Fact term="不变">{report.unchanged}</Fact>
          {report.mode === 'replace' ? (
            <Fact term="删除">
              {report.removed}
              {report.scope ? `（${report.scope}中文件里没有的）` : ''}
            </Fact>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </Facts>
  );
}

/** Every problem found, by sheet, row and column; nothing was written. */
function ProblemList({ report }: { report: ImportReport }): Html {
  const listed = report.errors.slice(0, MAX_LISTED_ERRORS);
  const withSheet = report.sheet !== null;
  const columns = [
    ...(withSheet ? [{ label: '工作表' }] : []),
    { label: '行号' },
    { label: '列' },
    { label: '问题' },
  ];
  return (
    <>
      <h2>问题清单</h2>
      <ScrollTable label="问题清单">
        <DataTable columns={columns}>
          {listed.map((e) => (
            <tr>
              {withSheet ? <td>{e.row === 0 ? '—' : report.sheet}</td> : ''}
              <td>{e.row === 0 ? '—' : e.row}</td>
              <td>{e.column}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </DataTable>
      </ScrollTable>
      {report.errors.length > listed.length ? <p class="hint">只列出前 {listed.length} 个问题。</p> : ''}
    </>
  );
}

/** The form that writes a checked file, with the removals confirmed when there are any. */
function CommitForm({
  token,
  report,
  importId,
}: {
  token: string;
  report: ImportReport;
  importId: string;
}): Html {
  return (
    <form method="post" action={`/staff/imports/${report.kind}/commit`} class="stack">
      {csrfInput(token)}
      <input type="hidden" name="importId" value={importId} />
      {report.removed > 0 ? (
        <label class="check">
          <input type="checkbox" name="confirmRemoval" value="on" required /> 我已核对，确认删除以上{' '}
          {report.removed} 条记录
        </label>
      ) : (
        ''
      )}
      <button type="submit">
        确认并提交发布（新增 {report.inserted}，更新 {report.updated}
        {report.removed > 0 ? `，删除 ${String(report.removed)}` : ''}）
      </button>
    </form>
  );
}

export function reportView(token: string, report: ImportReport, importId: string | null): Html {
  const title = `${importKindLabels[report.kind]}：导入检查`;
  return (
    <>
      <p>
        <a href="/staff/imports">返回导入导出</a>
      </p>
      <h1>{title}</h1>
      {report.errors.length > 0 ? (
        <p class="alert" role="alert">
          发现 {report.errors.length} 个问题，<strong>没有写入任何数据</strong>。请在文件中修改后重新上传。
        </p>
      ) : (
        <p class="notice" role="status">
          检查通过，没有发现问题。
        </p>
      )}
      <Summary report={report} />
      {report.ignoredColumns.length > 0 ? (
        <p class="hint">以下列无法识别，已忽略：{report.ignoredColumns.join('、')}。</p>
      ) : (
        ''
      )}
      {report.errors.length > 0 ? (
        <ProblemList report={report} />
      ) : (
        <>
          <ChangesList report={report} />
          <RemovalsList report={report} />
          {importId !== null ? (
            <CommitForm token={token} report={report} importId={importId} />
          ) : (
            <p>文件内容与系统中的记录一致，无需导入。</p>
          )}
        </>
      )}
    </>
  );
}

const changeColumns = [
  { label: '行号' },
  { label: '记录' },
  { label: '列' },
  { label: '原值' },
  { label: '新值' },
];

/** Every row the import would update, field by field (old → new). */
function ChangesList({ report }: { report: ImportReport }): Html {
  if (report.changes.length === 0) return <></>;
  return (
    <>
      <h2>将要更新的记录</h2>
      <ScrollTable label="将要更新的记录">
        <DataTable columns={changeColumns}>
          {report.changes.flatMap((c) =>
            c.fields.map((f, i) => (
              <tr>
                <td>{i === 0 ? c.row : ''}</td>
                <td>{i === 0 ? c.record : ''}</td>
                <td>{f.column}</td>
                <td class="pre">
                  <del>{f.before}</del>
                </td>
                <td class="pre">
                  <ins>{f.after}</ins>
                </td>
              </tr>
            )),
          )}
        </DataTable>
      </ScrollTable>
      {report.updated > report.changes.length ? (
        <p class="hint">只列出前 {report.changes.length} 条。</p>
      ) : (
        ''
      )}
    </>
  );
}

/** Records the replace mode would remove. */
function RemovalsList({ report }: { report: ImportReport }): Html {
  if (report.removed === 0) return <></>;
  return (
    <>
      <h2>将要删除的记录（{report.removed}）</h2>
      <p class="warn">这些记录在{report.scope ?? '所替换的范围'}中，但文件里没有。导入发布时会删除它们。</p>
      <ul>
        {report.removals.map((r) => (
          <li>{r}</li>
        ))}
      </ul>
      {report.removed > report.removals.length ? (
        <p class="hint">只列出前 {report.removals.length} 条。</p>
      ) : (
        ''
      )}
    </>
  );
}

/** After "确认导入": the file waits for a second person (where its kind needs one) and a publish. */
export function submittedView(report: ImportReport, needsConfirmation: boolean, reason: string | null): Html {
  return (
    <>
      <p>
        <a href="/staff/imports">返回导入导出</a>
      </p>
      <h1>{importKindLabels[report.kind]}：已提交，等待发布</h1>
      <p class="notice" role="status">
        已提交导入（新增 {report.inserted}，更新 {report.updated}，不变 {report.unchanged}
        {report.removed > 0 ? `，删除 ${String(report.removed)}` : ''}），<strong>尚未写入</strong>。
      </p>
      {needsConfirmation ? (
        <p>
          {reason ?? '这类数据属正式数据'}：须由<strong>另一位工作人员</strong>
          在“发布”页的“待发布的导入”中核对确认， 确认后在下次发布时写入。
        </p>
      ) : (
        <p>下次发布时写入。</p>
      )}
      <p class="hint">
        发布时会按当时的数据重新检查这份文件：没有问题才写入，并记入审计日志和公开修改日志；有问题则不写入，并在“发布”页说明原因。
        在此之前可以在“发布”页撤回。
      </p>
      <p>
        <a href="/staff/publish#pending-imports">前往发布页：待发布的导入</a>
      </p>
    </>
  );
}

/** A submitted import checked again against the data as it is now (linked from the publish page). */
export function pendingImportView(file: StoredImport, report: ImportReport | null): Html {
  return (
    <>
      <p>
        <a href="/staff/publish#pending-imports">返回发布页</a>
      </p>
      <h1>{importKindLabels[file.kind]}：待发布的导入</h1>
      <p>
        {file.submittedByName ?? file.submittedBy} 提交。以下是按<strong>当前数据</strong>
        重新检查的结果，发布时还会再检查一次。
      </p>
      {report === null ? (
        <p class="alert" role="alert">
          找不到提交的文件，无法导入。请撤回后重新上传。
        </p>
      ) : (
        <>
          {report.errors.length > 0 ? (
            <p class="alert" role="alert">
              发现 {report.errors.length} 个问题，发布时不会写入这份文件。
            </p>
          ) : (
            ''
          )}
          <Summary report={report} />
          {report.errors.length > 0 ? (
            <ProblemList report={report} />
          ) : (
            <>
              <ChangesList report={report} />
              <RemovalsList report={report} />
            </>
          )}
        </>
      )}
    </>
  );
}
