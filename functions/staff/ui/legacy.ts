// Transitional: the call shapes of the hono/html views, for areas not yet converted to hono/jsx.
import type { OfficialChange } from '../../changes/queries.ts';
import { type Html, Pager, pageHref } from '../layout.tsx';
import { ChangeFields } from './changes.tsx';
import { type Column, DataTable, Fact, Facts, Options, TextStepForm } from './components.tsx';
import { ErrorSummary, type FieldErrors } from './form.tsx';

export { SelectField as selectField, TextArea as textArea, TextField as textField } from './form.tsx';
export { TextStepForm as textStepForm };

export const errorSummary = (errors: FieldErrors, labels: Record<string, string>, message?: string): Html =>
  ErrorSummary({ errors, labels, message });
export const pager = (page: number, hasNext: boolean, hrefFor: (page: number) => string): Html =>
  Pager({ page, hasNext, hrefFor });
export const listPager = (
  base: string,
  page: number,
  hasNext: boolean,
  query: Record<string, string> = {},
): Html => Pager({ page, hasNext, hrefFor: pageHref(base, query) });
export const dataTable = (columns: readonly Column[], rows: Html[]): Html =>
  DataTable({ columns, children: rows });
export const fact = (term: string, value: Html | string | number): Html => Fact({ term, children: value });
export const facts = (items: Html[]): Html => Facts({ children: items });
export const options = (
  choices: readonly { value: string; label: string }[],
  current: string | null | undefined,
): Html => Options({ choices, current });
export const changeFieldsView = (change: OfficialChange): Html => ChangeFields({ change });
