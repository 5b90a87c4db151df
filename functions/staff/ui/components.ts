import { html } from 'hono/html';
import { csrfInput, type Html } from '../layout.ts';

/**
 * Small building blocks of console pages (hono/html: escaped by default). Pages compose them
 * instead of repeating table heads, fact lists and one-field forms inline.
 */

export interface Column {
  label: string;
  /** Keep the column on one line (numbers, dates, statuses). */
  nowrap?: boolean;
}

/** A data table: a head of column labels and one pre-rendered row per record. */
export function dataTable(columns: readonly Column[], rows: readonly Html[]): Html {
  return html`<table>
    <thead>
      <tr>
        ${columns.map((c) => html`<th scope="col" ${c.nowrap ? html`class="nowrap"` : ''}>${c.label}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** One fact of a record as a term and its value, for a `<dl class="facts">`. */
export function fact(term: string, value: Html | string | number): Html {
  return html`<dt>${term}</dt>
    <dd>${value}</dd>`;
}

/** The facts of a record. */
export function facts(items: readonly Html[]): Html {
  return html`<dl class="facts">${items}</dl>`;
}

/** `<option>`s of a select, the current value selected. */
export function options(
  choices: readonly { value: string; label: string }[],
  current: string | null | undefined,
): Html[] {
  return choices.map(
    (c) => html`<option value="${c.value}" ${c.value === current ? html`selected` : ''}>${c.label}</option>`,
  );
}

/**
 * A form that posts one required text (a reason, a note) under a legend: the shape of every
 * "say why, then do it" step of the console.
 */
export function textStepForm(input: {
  action: string;
  token: string;
  legend: string;
  label: string;
  name: string;
  maxlength: number;
  button: string;
  buttonClass?: 'secondary' | 'danger';
}): Html {
  return html`<form method="post" action="${input.action}" class="stack">
    ${csrfInput(input.token)}
    <fieldset>
      <legend>${input.legend}</legend>
      <label
        >${input.label} <textarea name="${input.name}" maxlength="${input.maxlength}" required></textarea>
      </label>
      <button type="submit" ${input.buttonClass ? html`class="${input.buttonClass}"` : ''}>
        ${input.button}
      </button>
    </fieldset>
  </form>`;
}
