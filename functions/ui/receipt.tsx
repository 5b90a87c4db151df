import type { Child } from 'hono/jsx';
import type { Html } from './page.tsx';

/** Parts of a receipt the reader keeps: the framed block, the code, and how to print it. */

/** The framed receipt with its heading (the frame turns black in print). */
export function ReceiptBlock({ title, children }: { title: string; children: Child }): Html {
  return (
    <section class="receipt" aria-labelledby="receipt">
      <h2 id="receipt">{title}</h2>
      {children}
    </section>
  );
}

/**
 * A code that wraps only between its groups: each group with its dash is one unbreakable piece, so
 * a phone never shows half a group on the next line.
 */
export function GroupedCode({ code }: { code: string }): Html {
  const groups = code.split('-');
  return (
    <p class="code">
      {groups.map((group, i) => (
        <span>
          {group}
          {i < groups.length - 1 ? '-' : ''}
        </span>
      ))}
    </p>
  );
}

/** How to keep a paper copy; left out of the print itself. */
export function PrintHint(): Html {
  return (
    <p class="no-print">
      需要纸质回执：用浏览器菜单中的“打印”打印本页（手机上在“分享”或“更多”菜单里），或者截图保存。
    </p>
  );
}
