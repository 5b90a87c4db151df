import { ProblemList } from './form.tsx';
import type { Html } from './page.tsx';

/**
 * The body of the error page a plain form post gets when there is no form page to show again
 * (lib/form-errors.ts re-shows the form where there is one): the message, the fields to fix, and
 * the ways on.
 */
export function errorPageBody({
  message,
  fields,
  labels,
}: {
  message: string;
  fields: Record<string, string> | undefined;
  labels: Record<string, string>;
}): Html {
  return (
    <>
      <p class="notice" role="alert">
        {message}
      </p>
      <ProblemList fields={fields} labels={labels} />
      <p>
        <a href="/opinions/new/">重新填写意见</a> · <a href="/opinions/status/">查询办理进度</a> ·{' '}
        <a href="/">返回首页</a>
      </p>
    </>
  );
}
