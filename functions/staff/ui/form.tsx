import type { Child } from 'hono/jsx';
import type { Html } from '../layout.tsx';

/**
 * Form parts of the GOV.UK pattern, without script: an error summary at the top linking to each
 * field, the message next to its field, and every submitted value kept when the form comes back.
 */

export type FieldErrors = Record<string, string>;

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The summary at the top of a form that came back with errors. */
export function ErrorSummary({
  errors,
  labels,
  message,
}: {
  errors: FieldErrors;
  labels: Record<string, string>;
  message?: string | undefined;
}): Html {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !message) return <></>;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{message ?? '提交的内容需要修改'}</h2>
      {entries.length > 0 ? (
        <ul>
          {entries.map(([name, text]) => (
            <li>
              <a href={`#${fieldId(name === '_' ? 'form' : name)}`}>
                {labels[name] ? `${labels[name]}：` : ''}
                {text}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </div>
  );
}

interface FieldBase {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

/** The label (with "optional" unless required), the hint and the message of one field. */
function LabelAndMessages({ field }: { field: FieldBase }): Html {
  const id = fieldId(field.name);
  return (
    <>
      <label for={id}>
        {field.label}
        {field.required ? '' : <span class="hint">（选填）</span>}
      </label>
      {field.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {field.hint}
        </p>
      ) : (
        ''
      )}
      {field.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">错误：</span>
          {field.error}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

function describedBy(f: FieldBase): string | undefined {
  const id = fieldId(f.name);
  const ids = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The wrapper of one field: marked when it has an error. */
function Field({ field, children }: { field: FieldBase; children: Child }): Html {
  return (
    <div class={field.error ? 'field has-error' : 'field'}>
      <LabelAndMessages field={field} />
      {children}
    </div>
  );
}

export function TextField(
  f: FieldBase & {
    value: string;
    type?: 'text' | 'email' | 'tel' | 'date' | 'datetime-local' | 'number';
    maxlength?: number;
    step?: string;
    autocomplete?: string;
    inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
  },
): Html {
  return (
    <Field field={f}>
      <input
        id={fieldId(f.name)}
        name={f.name}
        type={f.type ?? 'text'}
        value={f.value}
        maxlength={f.maxlength || undefined}
        step={f.step || undefined}
        autocomplete={f.autocomplete || undefined}
        inputmode={f.inputmode || undefined}
        aria-describedby={describedBy(f)}
        aria-invalid={f.error ? 'true' : undefined}
      />
    </Field>
  );
}

export function TextArea(f: FieldBase & { value: string; maxlength?: number; rows?: number }): Html {
  return (
    <Field field={f}>
      <textarea
        id={fieldId(f.name)}
        name={f.name}
        rows={f.rows ?? 5}
        maxlength={f.maxlength || undefined}
        aria-describedby={describedBy(f)}
        aria-invalid={f.error ? 'true' : undefined}
      >
        {/* A newline right after <textarea> is dropped by the parser, so a value's own first newline survives. */}
        {`\n${f.value}`}
      </textarea>
    </Field>
  );
}

export function SelectField(
  f: FieldBase & {
    value: string | readonly string[];
    options: ReadonlyArray<{ value: string; label: string }>;
    multiple?: boolean;
    blank?: string;
  },
): Html {
  const selected = new Set(typeof f.value === 'string' ? [f.value] : f.value);
  return (
    <Field field={f}>
      <select
        id={fieldId(f.name)}
        name={f.name}
        multiple={f.multiple || undefined}
        size={f.multiple ? Math.min(8, Math.max(3, f.options.length)) : undefined}
        aria-describedby={describedBy(f)}
        aria-invalid={f.error ? 'true' : undefined}
      >
        {f.blank !== undefined ? <option value="">{f.blank}</option> : ''}
        {f.options.map((o) => (
          <option value={o.value} selected={selected.has(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
