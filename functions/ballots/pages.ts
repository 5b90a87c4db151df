import { html } from 'hono/html';
import type { Markup } from '../lib/html.ts';
import { beijingTime } from '../opinions/pages.ts';
import type { ReceiptVerdict } from './schema.ts';

export function receiptVerdictPage(verdict: ReceiptVerdict): Markup {
  return verdict.counted
    ? html`<p class="ok" role="status">
          回执码 ${verdict.receipt} 对应的选票已计入“${verdict.roundTitle}”（${verdict.year}
          年度投票），计入时间：北京时间 ${beijingTime(verdict.castAt)}。
        </p>
        <p><a href="/vote/${verdict.year}/">返回投票页</a></p>`
    : html`<p class="notice" role="status">
        没有找到回执码 ${verdict.receipt} 对应的选票。请核对回执码；如确认无误，可联系人大常委会代表工作机构。
      </p>`;
}
