import { beijingDateTime } from '../lib/time.ts';
import { Fact } from '../staff/ui/components.tsx';
import { ErrorSummary, RadioGroupField, TextAreaField } from '../ui/form.tsx';
import type { Html } from '../ui/page.tsx';
import { GroupedCode, PrintHint, ReceiptBlock } from '../ui/receipt.tsx';
import { feedbackResolutionLabels, feedbackResolutions, opinionTargetTypeLabels } from '#domain/opinions.ts';
import { type OpinionReceipt, type OpinionStatusView } from './schema.ts';

/** Result pages for the no-JavaScript path of the opinion forms (zh-CN). */

/** "2026-03-05" as 2026年3月5日. */
function cnDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The way to the lookup, under a receipt (not printed). */
function StatusLink(): Html {
  return (
    <p class="no-print">
      <a href="/opinions/status/">查询办理进度</a>
    </p>
  );
}

export function receivedPage(receipt: OpinionReceipt): Html {
  return (
    <>
      <p class="ok" role="status">
        我们已收到您的意见，将按规定分类办理。
      </p>
      <ReceiptBlock title="意见回执">
        <p>
          这是您的<b>查询码</b>，它<b>只显示这一次</b>，请抄写、截图或打印保存：
        </p>
        <GroupedCode code={receipt.trackingCode} />
        <dl>
          <Fact term="答复期限">
            <b>{cnDate(receipt.dueOn)}</b>前（自收到之日起 {receipt.answerDays} 日内）作出答复。
          </Fact>
        </dl>
        <p>
          凭查询码可以随时在本站“查询办理进度”查看办理进度和答复。查询码不区分大小写；字母 O 与数字 0、字母 I
          或 L 与数字 1 视为相同。
        </p>
      </ReceiptBlock>
      <PrintHint />
      <StatusLink />
    </>
  );
}

function targetText(view: OpinionStatusView): string {
  return view.target.type === 'topic'
    ? opinionTargetTypeLabels.topic
    : `${opinionTargetTypeLabels[view.target.type]}：${view.target.name ?? view.target.id ?? ''}`;
}

/** What the receipt and the status page both list: title, addressee, category, dates, status. */
function OpinionFacts({ view, status }: { view: OpinionStatusView; status: Html | string }): Html {
  return (
    <dl>
      <Fact term="标题">{view.title}</Fact>
      <Fact term="对象">{targetText(view)}</Fact>
      {view.category ? <Fact term="类别">{view.category}</Fact> : ''}
      <Fact term="提交时间">{beijingDateTime(view.receivedAt)}</Fact>
      {view.dueOn === null ? (
        ''
      ) : (
        <Fact term="答复期限">
          {cnDate(view.dueOn)}前{view.reply ? '' : '（尚未答复）'}
        </Fact>
      )}
      <Fact term="当前状态">{status}</Fact>
    </dl>
  );
}

/** A printable receipt for a code the reader holds (posted, so the code stays out of the address). */
export function receiptPage(view: OpinionStatusView): Html {
  return (
    <>
      <ReceiptBlock title="意见回执">
        <GroupedCode code={view.trackingCode} />
        <OpinionFacts view={view} status={view.statusLabel} />
        <p>凭查询码可以随时在本站“查询办理进度”查看办理进度和答复。</p>
      </ReceiptBlock>
      <PrintHint />
      <StatusLink />
    </>
  );
}

/** A button that opens the printable receipt of this code, with or without JavaScript. */
function ReceiptButton({ trackingCode }: { trackingCode: string }): Html {
  return (
    <form method="post" action="/api/opinions/receipt" class="no-print">
      <input type="hidden" name="trackingCode" value={trackingCode} />
      <button type="submit">打开可打印的回执</button>
    </form>
  );
}

/** A failed no-JavaScript feedback post: what to show again (GOV.UK pattern). */
export interface FeedbackFormState {
  message: string;
  fields: Record<string, string>;
  resolved: string | undefined;
  comment: string | undefined;
}

const FEEDBACK_LABELS: Record<string, string> = {
  resolved: '问题是否解决',
  comment: '补充说明',
  trackingCode: '查询码',
};

/** "Was it resolved?" under a reply, shown again with its errors and what was chosen and typed. */
function FeedbackForm({
  view,
  state,
}: {
  view: OpinionStatusView;
  state: FeedbackFormState | undefined;
}): Html {
  return (
    <form method="post" action="/api/opinions/feedback" id="feedback">
      {state ? (
        <ErrorSummary
          message={state.message}
          fields={state.fields}
          labels={FEEDBACK_LABELS}
          anchors={{ resolved: 'resolved-yes' }}
        />
      ) : (
        ''
      )}
      <input type="hidden" name="trackingCode" value={view.trackingCode} />
      <RadioGroupField
        id="resolved-yes"
        name="resolved"
        legend="您的问题解决了吗？"
        error={state?.fields['resolved']}
        choices={feedbackResolutions.map((value) => ({ value, label: feedbackResolutionLabels[value] }))}
        value={state?.resolved}
      />
      <TextAreaField
        name="comment"
        label="补充说明（选填，最多 1000 字）"
        error={state?.fields['comment']}
        value={state?.comment ?? ''}
        rows={4}
      />
      <p>
        <button type="submit">提交评价</button>
      </p>
    </form>
  );
}

export function statusPage(
  view: OpinionStatusView,
  notice?: string,
  feedbackState?: FeedbackFormState,
): Html {
  return (
    <>
      {notice ? (
        <p class="ok" role="status">
          {notice}
        </p>
      ) : (
        ''
      )}
      <OpinionFacts view={view} status={<b>{view.statusLabel}</b>} />
      <h2>办理经过</h2>
      <ol class="timeline">
        {view.timeline.map((entry) => (
          <li>
            <b>{entry.label}</b> {beijingDateTime(entry.at)}
            {entry.text ? (
              <>
                <br />
                {entry.text}
              </>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
      {view.reply ? (
        <>
          <h2>答复</h2>
          <blockquote>{view.reply.text}</blockquote>
          <p>{beijingDateTime(view.reply.at)}</p>
        </>
      ) : (
        <p>尚未答复。答复后，您可以用同一查询码查看并评价。</p>
      )}
      {view.feedback ? (
        <>
          <h2>您的评价</h2>
          <p>
            {feedbackResolutionLabels[view.feedback.resolved]}
            {view.feedback.comment ? `：${view.feedback.comment}` : ''}
          </p>
        </>
      ) : (
        ''
      )}
      {view.canGiveFeedback ? <FeedbackForm view={view} state={feedbackState} /> : ''}
      <ReceiptButton trackingCode={view.trackingCode} />
      <p>
        <a href="/opinions/status/">查询其他意见</a>
      </p>
    </>
  );
}
