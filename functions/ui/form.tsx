import type { Html } from './page.tsx';

/**
 * Form parts of the public no-JavaScript pages (GOV.UK pattern, no script): an error summary at the
 * top linking to each field, the message next to its field, the field marked `aria-invalid`, and
 * what was typed or chosen kept when the form comes back. The console has its own set
 * (staff/ui/form.tsx) for its stylesheet and `f-` field ids; these keep the public pages' ids.
 */

/** The summary at the top of a form that came back: the message, then a link to each field. */
export function ErrorSummary({
  message,
  fields,
  labels,
  anchors = {},
}: {
  message: string;
  fields: Record<string, string>;
  labels: Record<string, string>;
  /** The element to link to where it is not the field's name (a radio group's fieldset). */
  anchors?: Record<string, string>;
}): Html {
  return (
    <div class="notice" role="alert" tabindex={-1}>
      <h2>{message}</h2>
      <ul>
        {Object.entries(fields).map(([name, text]) => (
          <li>
            <a href={`#${anchors[name] ?? name}`}>
              {labels[name] ?? ''}：{text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The problems of a post on a page without its form (the error page): label and message. */
export function ProblemList({
  fields,
  labels,
}: {
  fields: Record<string, string> | undefined;
  labels: Record<string, string>;
}): Html {
  if (!fields) return <></>;
  return (
    <ul>
      {Object.entries(fields).map(([name, message]) => (
        <li>
          {labels[name] ? (
            <>
              <b>{labels[name]}</b>：
            </>
          ) : (
            ''
          )}
          {message}
        </li>
      ))}
    </ul>
  );
}

/** Ids of a field's hint and message, for `aria-describedby`. */
function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A labelled text area with its hint and message, the typed text kept. */
export function TextAreaField({
  name,
  label,
  hint,
  error,
  value,
  rows,
}: {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  value: string;
  rows: number;
}): Html {
  return (
    <>
      <label for={name}>{label}</label>
      {hint ? <p id={`${name}-hint`}>{hint}</p> : ''}
      {error ? (
        <p class="notice" id={`${name}-error`}>
          {error}
        </p>
      ) : (
        ''
      )}
      <textarea
        id={name}
        name={name}
        rows={rows}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {/* A newline right after <textarea> is dropped by the parser, so a value's own first newline survives. */}
        {`\n${value}`}
      </textarea>
    </>
  );
}

/** One required choice of a few, as radio buttons under a legend, the choice kept. */
export function RadioGroupField({
  id,
  name,
  legend,
  error,
  choices,
  value,
}: {
  /** The fieldset's id: where the error summary links to. */
  id: string;
  name: string;
  legend: string;
  error?: string | undefined;
  choices: ReadonlyArray<{ value: string; label: string }>;
  value: string | undefined;
}): Html {
  return (
    <fieldset id={id} aria-invalid={error ? 'true' : undefined}>
      <legend>{legend}</legend>
      {error ? <p class="notice">{error}</p> : ''}
      {choices.map((choice) => (
        <label>
          <input type="radio" name={name} value={choice.value} required checked={value === choice.value} />{' '}
          {choice.label}
        </label>
      ))}
    </fieldset>
  );
}
