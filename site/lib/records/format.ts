/** Formatting shared by the records pages, charts and data files. */
import type { SessionRecord, SuggestionKind } from '#domain/suggestions.ts';
import { suggestionKindLabels } from '#domain/suggestions.ts';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1..99 in Chinese numerals, as in 第十六届 and 第三次会议. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** e.g. 星澜市第十六届人民代表大会第三次会议 */
export function sessionLabel(s: SessionRecord): string {
  const place = s.congressName.replace(/人民代表大会$/, '');
  return `${place}第${chineseNumeral(s.termNumber)}届人民代表大会第${chineseNumeral(s.number)}次会议`;
}

/** e.g. 十六届三次会议 */
export function sessionShortLabel(s: SessionRecord): string {
  return `${chineseNumeral(s.termNumber)}届${chineseNumeral(s.number)}次会议`;
}

/** e.g. 第 123 号建议 */
export function itemNumberLabel(kind: SuggestionKind, number: number): string {
  return `第 ${number} 号${suggestionKindLabels[kind]}`;
}

/** A ratio as a percentage with one decimal, or a dash when undefined. */
export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('zh-CN');
}

/** Budget in 万元, as Chinese budgets are published. */
export function yuanAsWan(yuan: number | null): string {
  if (yuan === null) return '未公布';
  return `${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} 万元`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** A short plain-text excerpt for lists and feeds. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The phase a round is in at a moment: the window containing it, else the last one begun. */
export function phaseAt<P extends { phase: string; startsAt: string; endsAt: string }>(
  phases: readonly P[],
  at: string,
): { phase: P | null; open: boolean } {
  const inside = phases.find((p) => p.startsAt <= at && at < p.endsAt);
  if (inside) return { phase: inside, open: true };
  const begun = phases.filter((p) => p.startsAt <= at).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return { phase: begun[0] ?? null, open: false };
}
