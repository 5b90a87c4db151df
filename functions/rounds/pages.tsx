import { beijingDateTime } from '../lib/time.ts';
import { FORM_KEY_FIELD } from '../lib/form-pages.ts';
import type { Html } from '../ui/page.tsx';
import type { BallotReceipt, ReceiptVerdict } from './schema.ts';

/** Result page of the vote form's no-JavaScript path (zh-CN). */
export function ballotReceivedPage(year: number, receipt: BallotReceipt): Html {
  return (
    <>
      <p class="ok" role="status">
        您的选票已经计入。感谢参与！
      </p>
      <p>
        这是您的<b>回执码</b>，它<b>只显示这一次</b>
        。凭回执码可以核对选票是否已计入（不会显示您选了哪些项目）：
      </p>
      <p class="code" aria-label="回执码">
        {receipt.receipt}
      </p>
      <p>
        <a href={`/vote/${year}/`}>查看最新票数</a>
      </p>
    </>
  );
}

interface BallotFieldsInput {
  votingCode: string | undefined;
  turnstileToken: string | undefined;
  /** The form's idempotency key (lib/form-pages.ts FORM_KEY_FIELD). */
  formKey: string;
}

/** The ballot as hidden fields, so each button of the confirmation step posts it again. */
function BallotFields({
  year,
  chosen,
  input,
}: {
  year: number;
  chosen: ReadonlyArray<{ id: string }>;
  input: BallotFieldsInput;
}): Html {
  return (
    <>
      <input type="hidden" name="_page" value={`/vote/${year}/`} />
      {/* The vote page's key, so that "确认投票" twice (or a refresh of the receipt) casts once. */}
      <input type="hidden" name={FORM_KEY_FIELD} value={input.formKey} />
      {chosen.map((c) => (
        <input type="hidden" name="choices" value={c.id} />
      ))}
      {input.votingCode ? <input type="hidden" name="votingCode" value={input.votingCode} /> : ''}
      {input.turnstileToken ? (
        <input type="hidden" name="cf-turnstile-response" value={input.turnstileToken} />
      ) : (
        ''
      )}
    </>
  );
}

/**
 * The confirmation step of the no-JavaScript path: the chosen projects, listed before the ballot
 * is cast, with "确认投票" (posts the same ballot with step=cast) and "返回修改" (step=change: the
 * vote page again with the choices kept). Hidden fields carry the ballot; the page is no-store.
 */
export function ballotReviewPage(
  round: { year: number; title: string; mode: 'code' | 'open' },
  chosen: Array<{ id: string; title: string }>,
  input: BallotFieldsInput,
): Html {
  const action = `/api/rounds/${round.year}/ballots`;
  return (
    <>
      <p>
        {round.title}。请核对您选择的 {chosen.length} 个项目，<b>选票提交后不能修改</b>：
      </p>
      <ol>
        {chosen.map((c) => (
          <li>{c.title}</li>
        ))}
      </ol>
      <form method="post" action={action}>
        <BallotFields year={round.year} chosen={chosen} input={input} />
        <p>
          <button type="submit" name="step" value="cast">
            确认投票
          </button>
        </p>
      </form>
      <form method="post" action={action}>
        <BallotFields year={round.year} chosen={chosen} input={input} />
        <p>
          <button type="submit" name="step" value="change" class="secondary">
            返回修改
          </button>
        </p>
      </form>
    </>
  );
}

/** Result page of the receipt check's no-JavaScript path. */
export function receiptVerdictPage(verdict: ReceiptVerdict): Html {
  return verdict.counted ? (
    <>
      <p class="ok" role="status">
        回执码 {verdict.receipt} 对应的选票已计入“{verdict.roundTitle}”（{verdict.year}{' '}
        年度投票），计入时间：北京时间 {beijingDateTime(verdict.castAt)}。
      </p>
      <p>
        <a href={`/vote/${verdict.year}/`}>返回投票页</a>
      </p>
    </>
  ) : (
    <p class="notice" role="status">
      没有找到回执码 {verdict.receipt} 对应的选票。请核对回执码；如确认无误，可联系人大常委会代表工作机构。
    </p>
  );
}
