/** Display helpers for zh-CN dates, times and numbers (pure; no clock reads). */
import { createHash } from 'node:crypto';

/** '2025-06-15' → '2025年6月15日'. */
export function cnDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** '2025-06' month heading → '2025年6月'. */
export function cnMonth(date: string): string {
  const [y, m] = date.slice(0, 7).split('-').map(Number);
  return `${y}年${m}月`;
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** Weekday of a calendar date, e.g. '周三'. */
export function cnWeekday(date: string): string {
  return `周${WEEKDAYS[new Date(`${date.slice(0, 10)}T00:00:00Z`).getUTCDay()]}`;
}

/** '2025-06-15T09:00:00+08:00' → '09:00' (times are stored in Beijing time). */
export function hhmm(localTime: string): string {
  return localTime.slice(11, 16);
}

/** Half days are counted: 2.5 → '2.5'. */
export function days(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function percent(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** Stable short fingerprint of a record as published, for "cite this page" (SHA-256, 12 hex). */
export function contentHash(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 12);
}

/** Escapes text for HTML. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Links joined by a Chinese separator with no stray spaces (Astro keeps whitespace between
 * expressions, which shows as a gap before '、'). Use with <Fragment set:html={...} />.
 */
export function joinLinks(items: readonly { href?: string; text: string }[], separator = '、'): string {
  return items
    .map((item) =>
      item.href ? `<a href="${htmlEscape(item.href)}">${htmlEscape(item.text)}</a>` : htmlEscape(item.text),
    )
    .join(separator);
}
