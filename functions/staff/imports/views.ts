import { html } from 'hono/html';
import { csrfInput, type Html, scrollTable } from '../layout.ts';
import { MAX_LISTED_ERRORS } from './planner.ts';
import {
  activityColumns,
  type ColumnInfo,
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
};

const naturalKeys: Record<ImportKind, string> = {
  roster: '代表编号',
  activities: '代表编号 + 活动日期 + 活动名称',
  suggestions: '会议编号 + 类型 + 编号',
};

function columnList(kind: ImportKind): Html {
  const columns = Object.values(columnTables[kind]);
  return html`<p class="hint">
    列（<abbr title="必填">*</abbr>
    为必填）：${columns.map((c, i) => html`${i > 0 ? '、' : ''}${c.header}${c.required ? html`<abbr title="必填">*</abbr>` : ''}`)}。
    按“${naturalKeys[kind]}”识别同一条记录：已有的更新，没有的新增，不会删除任何记录。
  </p>`;
}

export function importsHomeView(token: string): Html {
  return html`<h1>导入导出</h1>
    <p>
      可上传 Excel（.xlsx）或
      CSV（UTF-8）文件。上传后先做检查，列出每一行的问题；确认无误后才会写入，而且要么全部写入，要么都不写入。
      同一个文件重复导入不会产生变化。建议先导出一份作为模板。
    </p>
    ${importKinds.map(
      (kind) =>
        html`<section aria-labelledby="import-${kind}">
          <h2 id="import-${kind}">${importKindLabels[kind]}</h2>
          ${columnList(kind)}
          ${
            kind === 'activities'
              ? html`<form
                  method="get"
                  action="/staff/imports/activities/export"
                  class="filters"
                  aria-label="导出履职活动"
                >
                  <label>年度（留空为全部） <input type="number" name="year" min="2000" max="2100" /></label>
                  <label
                    >格式
                    <select name="format">
                      <option value="xlsx">Excel</option>
                      <option value="csv">CSV</option>
                    </select>
                  </label>
                  <button type="submit" class="secondary">导出</button>
                </form>`
              : html`<p>
                  导出：<a href="/staff/imports/${kind}/export?format=xlsx">Excel</a> ·
                  <a href="/staff/imports/${kind}/export?format=csv">CSV</a>
                </p>`
          }
          <form method="post" action="/staff/imports/${kind}" enctype="multipart/form-data" class="stack">
            ${csrfInput(token)}
            <label
              >选择文件（.xlsx 或 .csv，不超过 1.5 MB）
              <input type="file" name="file" accept=".xlsx,.csv" required
            /></label>
            <button type="submit">上传并检查</button>
          </form>
        </section>`,
    )}`;
}

function summary(report: ImportReport): Html {
  return html`<dl class="facts">
    <dt>文件</dt>
    <dd>${report.fileName}（${report.format === 'xlsx' ? 'Excel' : 'CSV'}）</dd>
    <dt>数据行</dt>
    <dd>${report.rows}</dd>
    ${
      report.errors.length === 0
        ? html`<dt>新增</dt>
            <dd>${report.inserted}</dd>
            <dt>更新</dt>
            <dd>${report.updated}</dd>
            <dt>不变</dt>
            <dd>${report.unchanged}</dd>`
        : ''
    }
  </dl>`;
}

export function reportView(token: string, report: ImportReport, importId: string | null): Html {
  const title = `${importKindLabels[report.kind]}：导入检查`;
  const listed = report.errors.slice(0, MAX_LISTED_ERRORS);
  return html`<p><a href="/staff/imports">返回导入导出</a></p>
    <h1>${title}</h1>
    ${
      report.errors.length > 0
        ? html`<p class="alert" role="alert">
            发现 ${report.errors.length} 个问题，<strong>没有写入任何数据</strong>。请在文件中修改后重新上传。
          </p>`
        : html`<p class="notice" role="status">检查通过，没有发现问题。</p>`
    }
    ${summary(report)}
    ${
      report.ignoredColumns.length > 0
        ? html`<p class="hint">以下列无法识别，已忽略：${report.ignoredColumns.join('、')}。</p>`
        : ''
    }
    ${
      report.errors.length > 0
        ? html`<h2>问题清单</h2>
            ${scrollTable(
              '问题清单',
              html`<table>
                <thead>
                  <tr>
                    <th scope="col">行号</th>
                    <th scope="col">列</th>
                    <th scope="col">问题</th>
                  </tr>
                </thead>
                <tbody>
                  ${listed.map(
                    (e) =>
                      html`<tr>
                        <td>${e.row === 0 ? '—' : e.row}</td>
                        <td>${e.column}</td>
                        <td>${e.message}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`,
            )}
            ${report.errors.length > listed.length ? html`<p class="hint">只列出前 ${listed.length} 个问题。</p>` : ''}`
        : importId !== null
          ? html`<form method="post" action="/staff/imports/${report.kind}/commit" class="stack">
              ${csrfInput(token)}
              <input type="hidden" name="importId" value="${importId}" />
              <button type="submit">确认导入（新增 ${report.inserted}，更新 ${report.updated}）</button>
            </form>`
          : html`<p>文件内容与系统中的记录一致，无需导入。</p>`
    }`;
}

export function committedView(report: ImportReport, written: number): Html {
  return html`<p><a href="/staff/imports">返回导入导出</a></p>
    <h1>${importKindLabels[report.kind]}：已导入</h1>
    <p class="notice" role="status">
      导入完成：新增 ${report.inserted}，更新 ${report.updated}，不变 ${report.unchanged}。
    </p>
    <p class="hint">共写入 ${written} 处变更，已记入审计日志。网站需要“发布”后才会显示新内容。</p>
    <p><a href="/staff/publish">前往发布</a></p>`;
}
