import { html } from 'hono/html';
import type { Html } from '../layout.ts';

/**
 * Form parts of the GOV.UK pattern, without script: an error summary at the top linking to each
 * field, the message next to its field, and every submitted value kept when the form comes back.
 */

export type FieldErrors = Record<string, string>;

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The summary at the top of a form that came back with errors. */
export function errorSummary(errors: FieldErrors, labels: Record<string, string>, message?: string): Html {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !message) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${message ?? '提交的内容需要修改'}</h2>
    ${
      entries.length > 0
        ? html`<ul>
            ${entries.map(
              ([name, text]) =>
                html`<li>
                  <a href="#${fieldId(name === '_' ? 'form' : name)}"
                    >${labels[name] ? `${labels[name]}：` : ''}${text}</a
                  >
                </li>`,
            )}
          </ul>`
        : ''
    }
  </div>`;
}

interface FieldBase {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

function labelAndMessages(f: FieldBase): Html {
  const id = fieldId(f.name);
  return html`<label for="${id}"
      >${f.label}${f.required ? '' : html`<span class="hint">（选填）</span>`}</label
    >
    ${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
    ${f.error ? html`<p class="field-error" id="${id}-error"><span class="visually-hidden">错误：</span>${f.error}</p>` : ''}`;
}

function describedBy(f: FieldBase): string | undefined {
  const id = fieldId(f.name);
  const ids = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function textField(
  f: FieldBase & {
    value: string;
    type?: 'text' | 'email' | 'tel' | 'date' | 'datetime-local' | 'number';
    maxlength?: number;
    step?: string;
    autocomplete?: string;
    inputmode?: string;
  },
): Html {
  return html`<div class="field${f.error ? ' has-error' : ''}">
    ${labelAndMessages(f)}
    <input
      id="${fieldId(f.name)}"
      name="${f.name}"
      type="${f.type ?? 'text'}"
      value="${f.value}"
      ${f.maxlength ? html`maxlength="${f.maxlength}"` : ''}
      ${f.step ? html`step="${f.step}"` : ''}
      ${f.autocomplete ? html`autocomplete="${f.autocomplete}"` : ''}
      ${f.inputmode ? html`inputmode="${f.inputmode}"` : ''}
      ${describedBy(f) ? html`aria-describedby="${describedBy(f)}"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
    />
  </div>`;
}

export function textArea(f: FieldBase & { value: string; maxlength?: number; rows?: number }): Html {
  return html`<div class="field${f.error ? ' has-error' : ''}">
    ${labelAndMessages(f)}
    <textarea
      id="${fieldId(f.name)}"
      name="${f.name}"
      rows="${f.rows ?? 5}"
      ${f.maxlength ? html`maxlength="${f.maxlength}"` : ''}
      ${describedBy(f) ? html`aria-describedby="${describedBy(f)}"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
    >
${f.value}</textarea>
  </div>`;
}

export function selectField(
  f: FieldBase & {
    value: string | readonly string[];
    options: ReadonlyArray<{ value: string; label: string }>;
    multiple?: boolean;
    blank?: string;
  },
): Html {
  const selected = new Set(typeof f.value === 'string' ? [f.value] : f.value);
  return html`<div class="field${f.error ? ' has-error' : ''}">
    ${labelAndMessages(f)}
    <select
      id="${fieldId(f.name)}"
      name="${f.name}"
      ${f.multiple ? html`multiple size="${Math.min(8, Math.max(3, f.options.length))}"` : ''}
      ${describedBy(f) ? html`aria-describedby="${describedBy(f)}"` : ''}
      ${f.error ? html`aria-invalid="true"` : ''}
    >
      ${f.blank !== undefined ? html`<option value="">${f.blank}</option>` : ''}
      ${f.options.map(
        (o) =>
          html`<option value="${o.value}" ${selected.has(o.value) ? html`selected` : ''}>${o.label}</option>`,
      )}
    </select>
  </div>`;
}

/** Previous / next links of a paged list. */
export function pager(
  base: string,
  page: number,
  hasNext: boolean,
  query: Record<string, string> = {},
): Html {
  const link = (p: number) => {
    const params = new URLSearchParams({ ...query, page: String(p) });
    return `${base}?${params.toString()}`;
  };
  if (page <= 1 && !hasNext) return html``;
  return html`<nav class="pager" aria-label="翻页">
    ${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">上一页</a>` : ''}
    <span>第 ${page} 页</span>
    ${hasNext ? html`<a href="${link(page + 1)}" rel="next">下一页</a>` : ''}
  </nav>`;
}

/** Form values as strings (repeated names as lists) for re-showing a form. */
export function formValues(
  body: Record<string, string | File | (string | File)[]>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') out[key] = value;
  }
  return out;
}
