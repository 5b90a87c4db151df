import { html } from 'hono/html';
import type { Markup } from '../lib/html.ts';
import { beijingDateTime } from '../lib/time.ts';
import { feedbackResolutionLabels, feedbackResolutions, opinionTargetTypeLabels } from '#domain/opinions.ts';
import { type OpinionReceipt, type OpinionStatusView } from './schema.ts';

/** Result pages for the no-JavaScript path of the opinion forms (zh-CN). */

export function receivedPage(receipt: OpinionReceipt): Markup {
  return html`<p class="ok" role="status">我们已收到您的意见，将按规定分类办理。</p>
    <p>这是您的<b>查询码</b>，它<b>只显示这一次</b>，请抄写或截图保存：</p>
    <p class="code" aria-label="查询码">${receipt.trackingCode}</p>
    <p>
      凭查询码可以随时查看办理进度和答复。查询码不区分大小写；字母 O 与数字 0、字母 I 或 L 与数字 1 视为相同。
    </p>
    <p><a href="/opinions/status/">查询办理进度</a></p>`;
}

function feedbackForm(view: OpinionStatusView): Markup {
  const choices = feedbackResolutions.map(
    (value) =>
      html`<label
        ><input type="radio" name="resolved" value="${value}" required />
        ${feedbackResolutionLabels[value]}</label
      >`,
  );
  return html`<form method="post" action="/api/opinions/feedback">
    <input type="hidden" name="trackingCode" value="${view.trackingCode}" />
    <fieldset>
      <legend>您的问题解决了吗？</legend>
      ${choices}
    </fieldset>
    <label for="comment">补充说明（选填，最多 1000 字）</label>
    <textarea id="comment" name="comment" rows="4"></textarea>
    <p><button type="submit">提交评价</button></p>
  </form>`;
}

export function statusPage(view: OpinionStatusView, notice?: string): Markup {
  const target =
    view.target.type === 'topic'
      ? opinionTargetTypeLabels.topic
      : `${opinionTargetTypeLabels[view.target.type]}：${view.target.name ?? view.target.id ?? ''}`;
  const timeline = view.timeline.map(
    (entry) =>
      html`<li>
        <b>${entry.label}</b> ${beijingDateTime(entry.at)}${entry.text ? html`<br />${entry.text}` : ''}
      </li>`,
  );
  return html`${notice ? html`<p class="ok" role="status">${notice}</p>` : ''}
    <dl>
      <dt>标题</dt>
      <dd>${view.title}</dd>
      <dt>对象</dt>
      <dd>${target}</dd>
      ${
        view.category
          ? html`<dt>类别</dt>
              <dd>${view.category}</dd>`
          : ''
      }
      <dt>提交时间</dt>
      <dd>${beijingDateTime(view.receivedAt)}</dd>
      <dt>当前状态</dt>
      <dd><b>${view.statusLabel}</b></dd>
    </dl>
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
    ${view.canGiveFeedback ? feedbackForm(view) : ''}
    <p><a href="/opinions/status/">查询其他意见</a></p>`;
}
