import { html } from 'hono/html';
import type { Markup } from '../lib/html.ts';
import { beijingDateTime } from '../lib/time.ts';
import { feedbackResolutionLabels, feedbackResolutions, opinionTargetTypeLabels } from '#domain/opinions.ts';
import { type OpinionReceipt, type OpinionStatusView } from './schema.ts';

/** Result pages for the no-JavaScript path of the opinion forms (zh-CN). */

/** "2026-03-05" as 2026年3月5日. */
export function cnDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * A tracking code that wraps only between its groups: each group with its dash is one unbreakable
 * piece, so a phone never shows half a group on the next line.
 */
export function codeMarkup(code: string): Markup {
  const groups = code.split('-');
  return html`<p class="code">
    ${groups.map((g, i) => html`<span>${g}${i < groups.length - 1 ? '-' : ''}</span>`)}
  </p>`;
}

const PRINT_HINT = html`<p class="no-print">
  需要纸质回执：用浏览器菜单中的“打印”打印本页（手机上在“分享”或“更多”菜单里），或者截图保存。
</p>`;

export function receivedPage(receipt: OpinionReceipt): Markup {
  return html`<p class="ok" role="status">我们已收到您的意见，将按规定分类办理。</p>
    <section class="receipt" aria-labelledby="receipt">
      <h2 id="receipt">意见回执</h2>
      <p>这是您的<b>查询码</b>，它<b>只显示这一次</b>，请抄写、截图或打印保存：</p>
      ${codeMarkup(receipt.trackingCode)}
      <dl>
        <dt>答复期限</dt>
        <dd><b>${cnDate(receipt.dueOn)}</b>前（自收到之日起 ${receipt.answerDays} 日内）作出答复。</dd>
      </dl>
      <p>
        凭查询码可以随时在本站“查询办理进度”查看办理进度和答复。查询码不区分大小写；字母 O 与数字 0、字母 I 或
        L 与数字 1 视为相同。
      </p>
    </section>
    ${PRINT_HINT}
    <p class="no-print"><a href="/opinions/status/">查询办理进度</a></p>`;
}

function targetText(view: OpinionStatusView): string {
  return view.target.type === 'topic'
    ? opinionTargetTypeLabels.topic
    : `${opinionTargetTypeLabels[view.target.type]}：${view.target.name ?? view.target.id ?? ''}`;
}

/** What the receipt and the status page both list: title, addressee, category, dates, status. */
function opinionFacts(view: OpinionStatusView, status: Markup | string): Markup {
  return html`<dl>
    <dt>标题</dt>
    <dd>${view.title}</dd>
    <dt>对象</dt>
    <dd>${targetText(view)}</dd>
    ${
      view.category
        ? html`<dt>类别</dt>
            <dd>${view.category}</dd>`
        : ''
    }
    <dt>提交时间</dt>
    <dd>${beijingDateTime(view.receivedAt)}</dd>
    ${dueText(view)}
    <dt>当前状态</dt>
    <dd>${status}</dd>
  </dl>`;
}

function dueText(view: OpinionStatusView): Markup | string {
  if (view.dueOn === null) return '';
  return html`<dt>答复期限</dt>
    <dd>${cnDate(view.dueOn)}前${view.reply ? '' : '（尚未答复）'}</dd>`;
}

/** A printable receipt for a code the reader holds (posted, so the code stays out of the address). */
export function receiptPage(view: OpinionStatusView): Markup {
  return html`<section class="receipt" aria-labelledby="receipt">
      <h2 id="receipt">意见回执</h2>
      ${codeMarkup(view.trackingCode)} ${opinionFacts(view, view.statusLabel)}
      <p>凭查询码可以随时在本站“查询办理进度”查看办理进度和答复。</p>
    </section>
    ${PRINT_HINT}
    <p class="no-print"><a href="/opinions/status/">查询办理进度</a></p>`;
}

/** A button that opens the printable receipt of this code, with or without JavaScript. */
export function receiptButton(trackingCode: string): Markup {
  return html`<form method="post" action="/api/opinions/receipt" class="no-print">
    <input type="hidden" name="trackingCode" value="${trackingCode}" />
    <button type="submit">打开可打印的回执</button>
  </form>`;
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

function feedbackForm(view: OpinionStatusView, state?: FeedbackFormState): Markup {
  const choices = feedbackResolutions.map(
    (value) =>
      html`<label
        ><input
          type="radio"
          name="resolved"
          value="${value}"
          required
          ${state?.resolved === value ? 'checked' : ''}
        />
        ${feedbackResolutionLabels[value]}</label
      >`,
  );
  const summary = state
    ? html`<div class="notice" role="alert" tabindex="-1">
        <h2>${state.message}</h2>
        <ul>
          ${Object.entries(state.fields).map(
            ([name, message]) =>
              html`<li>
                <a href="#${name === 'resolved' ? 'resolved-yes' : name}"
                  >${FEEDBACK_LABELS[name] ?? ''}：${message}</a
                >
              </li>`,
          )}
        </ul>
      </div>`
    : '';
  return html`<form method="post" action="/api/opinions/feedback" id="feedback">
    ${summary}
    <input type="hidden" name="trackingCode" value="${view.trackingCode}" />
    <fieldset id="resolved-yes" ${state?.fields['resolved'] ? html`aria-invalid="true"` : ''}>
      <legend>您的问题解决了吗？</legend>
      ${state?.fields['resolved'] ? html`<p class="notice">${state.fields['resolved']}</p>` : ''} ${choices}
    </fieldset>
    <label for="comment">补充说明（选填，最多 1000 字）</label>
    ${state?.fields['comment'] ? html`<p class="notice" id="comment-error">${state.fields['comment']}</p>` : ''}
    <textarea
      id="comment"
      name="comment"
      rows="4"
      ${state?.fields['comment'] ? html`aria-invalid="true" aria-describedby="comment-error"` : ''}
    >
${state?.comment ?? ''}</textarea>
    <p><button type="submit">提交评价</button></p>
  </form>`;
}

export function statusPage(
  view: OpinionStatusView,
  notice?: string,
  feedbackState?: FeedbackFormState,
): Markup {
  const timeline = view.timeline.map(
    (entry) =>
      html`<li>
        <b>${entry.label}</b> ${beijingDateTime(entry.at)}${entry.text ? html`<br />${entry.text}` : ''}
      </li>`,
  );
  return html`${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}
    ${opinionFacts(view, html`<b>${view.statusLabel}</b>`)}
    <h2>办理经过</h2>
    <ol class="timeline">
      ${timeline}
    </ol>
    ${
      view.reply
        ? html`<h2>答复</h2>
            <blockquote>${view.reply.text}</blockquote>
            <p>${beijingDateTime(view.reply.at)}</p>`
        : html`<p>尚未答复。答复后，您可以用同一查询码查看并评价。</p>`
    }
    ${
      view.feedback
        ? html`<h2>您的评价</h2>
            <p>
              ${feedbackResolutionLabels[view.feedback.resolved]}${view.feedback.comment ? html`：${view.feedback.comment}` : ''}
            </p>`
        : ''
    }
    ${view.canGiveFeedback ? feedbackForm(view, feedbackState) : ''} ${receiptButton(view.trackingCode)}
    <p><a href="/opinions/status/">查询其他意见</a></p>`;
}
