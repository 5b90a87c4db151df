import type { Child } from 'hono/jsx';
import { csrfInput, type Html } from '../layout.tsx';

/**
 * Small building blocks of console pages (hono/jsx: escaped by default). Pages compose them
 * instead of repeating table heads, fact lists and one-field forms inline.
 */

export interface Column {
  label: string;
  /** Keep the column on one line (numbers, dates, statuses). */
  nowrap?: boolean;
}

/** A data table: a head of column labels and one pre-rendered row per record. */
export function DataTable({
  columns,
  children,
  class: className,
}: {
  columns: readonly Column[];
  children: Child;
  /** A stylesheet class of the table (`change-table`: rows become cards on a phone). */
  class?: string;
}): Html {
  return (
    <table class={className}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" class={c.nowrap ? 'nowrap' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** One fact of a record as a term and its value, inside `<Facts>`. */
export function Fact({ term, children }: { term: string; children: Child }): Html {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The facts of a record. */
export function Facts({ children }: { children: Child }): Html {
  return <dl class="facts">{children}</dl>;
}

/** `<option>`s of a select, the current value selected. */
export function Options({
  choices,
  current,
}: {
  choices: readonly { value: string; label: string }[];
  current: string | null | undefined;
}): Html {
  return (
    <>
      {choices.map((c) => (
        <option value={c.value} selected={c.value === current}>
          {c.label}
        </option>
      ))}
    </>
  );
}

/** A labelled select (filters, short forms): `blank` first where none is a choice too. */
export function ChoiceSelect(props: {
  label: string;
  name: string;
  choices: readonly { value: string; label: string }[];
  current: string | null | undefined;
  blank?: string;
  required?: boolean;
}): Html {
  return (
    <label>
      {props.label}
      <select name={props.name} required={props.required}>
        {props.blank === undefined ? '' : <option value="">{props.blank}</option>}
        <Options choices={props.choices} current={props.current} />
      </select>
    </label>
  );
}

/**
 * A form that posts one required text (a reason, a note) under a legend: the shape of every
 * "say why, then do it" step of the console.
 */
export function TextStepForm(input: {
  action: string;
  token: string;
  legend: string;
  label: string;
  name: string;
  maxlength: number;
  button: string;
  buttonClass?: 'secondary' | 'danger';
}): Html {
  return (
    <form method="post" action={input.action} class="stack">
      {csrfInput(input.token)}
      <fieldset>
        <legend>{input.legend}</legend>
        <label>
          {input.label} <textarea name={input.name} maxlength={input.maxlength} required></textarea>
        </label>
        <button type="submit" class={input.buttonClass}>
          {input.button}
        </button>
      </fieldset>
    </form>
  );
}
