/**
 * Charts drawn at build time as inline SVG: no chart library reaches the browser. Every chart is
 * role="img" with a <title> and <desc>, prints its numbers as text next to the marks, and never
 * tells categories apart by colour alone (letters in the segments, a pattern on the second
 * class). Pages show the same numbers in a table beside the chart.
 *
 * Layout: each row puts its label on one line and the bar under it, so long Chinese unit names
 * never squeeze the bars on a phone. The viewBox is 360 units wide (about one unit per CSS pixel
 * on a phone); CSS caps the width on larger screens.
 */

import { escapeXml } from '../../../functions/lib/xml.ts';

const WIDTH = 360;
const LABEL_SIZE = 14;
const BAR_HEIGHT = 16;
const ROW_HEIGHT = 46;
const TOP = 4;
/** Text and marks: all at least 4.5:1 against white. */
const INK = '#1a1a1a';
const BAR = '#1d4e89';
const BAR_ALT = '#8a4b00';

/** Rough width of a text at LABEL_SIZE: CJK and full-width characters are square, others half. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? LABEL_SIZE : LABEL_SIZE * 0.6;
  return w;
}

function frame(id: string, title: string, desc: string, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rec-chart" viewBox="0 0 ${WIDTH} ${height}" ` +
    `role="img" aria-labelledby="${id}-t ${id}-d" font-size="${LABEL_SIZE}" fill="${INK}">` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(desc)}</desc>` +
    `${body}</svg>`
  );
}

export interface BarRow {
  label: string;
  value: number;
  /** The value as printed (e.g. "85.3%" or "123 件"). */
  display: string;
  /** Draws the bar in the second style (hatched, other colour), e.g. "meets the floor". */
  highlight?: boolean;
}

export interface BarChartOptions {
  id: string;
  title: string;
  desc: string;
  rows: readonly BarRow[];
  /** The value a full-length bar stands for; defaults to the largest value. */
  max?: number;
}

function hatchDefs(id: string): string {
  return (
    `<defs><pattern id="${id}-h" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="${BAR_ALT}"/><rect width="2" height="6" fill="#a0561a"/></pattern></defs>`
  );
}

/** Horizontal bars with the value printed after each bar. */
export function barChart(options: BarChartOptions): string {
  const { id, rows } = options;
  const max = options.max ?? Math.max(0, ...rows.map((r) => r.value));
  // Room to the right of the longest bar for the longest value text.
  const span = WIDTH - 8 - Math.max(0, ...rows.map((r) => textWidth(r.display)));
  const height = TOP + rows.length * ROW_HEIGHT;
  const parts: string[] = [];
  if (rows.some((r) => r.highlight)) parts.push(hatchDefs(id));
  rows.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const w = max > 0 ? Math.max(row.value > 0 ? 1 : 0, (row.value / max) * span) : 0;
    const fill = row.highlight ? `url(#${id}-h)` : BAR;
    parts.push(
      `<text x="0" y="${y + LABEL_SIZE}">${escapeXml(row.label)}</text>` +
        `<rect x="0" y="${y + 20}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${fill}"/>` +
        `<text x="${(w + 6).toFixed(1)}" y="${y + 20 + BAR_HEIGHT - 3}">${escapeXml(row.display)}</text>`,
    );
  });
  return frame(id, options.title, options.desc, height, parts.join(''));
}

export interface StackSegment {
  /** A short key printed inside the segment and in the legend, e.g. "A". */
  key: string;
  value: number;
}

export interface StackRow {
  label: string;
  segments: readonly StackSegment[];
  /** Printed after the label, e.g. "共 236 件". */
  note?: string;
}

export interface StackedBarsOptions {
  id: string;
  title: string;
  desc: string;
  rows: readonly StackRow[];
  /** Legend entries in segment order: key and its meaning. */
  legend: readonly { key: string; label: string }[];
}

const SEGMENT_FILLS = [BAR, 'pattern', '#555555'];
const LEGEND_ROW = 22;

/**
 * 100% stacked bars: each segment is labelled with its key and share when there is room; white
 * gaps separate segments, the second one is hatched, so no one depends on telling colours apart.
 */
export function stackedBars(options: StackedBarsOptions): string {
  const { id, rows, legend } = options;
  const fillOf = (i: number): string => {
    const f = SEGMENT_FILLS[i % SEGMENT_FILLS.length] ?? BAR;
    return f === 'pattern' ? `url(#${id}-h)` : f;
  };
  const parts: string[] = [hatchDefs(id)];
  legend.forEach((entry, i) => {
    const y = TOP + i * LEGEND_ROW;
    parts.push(
      `<rect x="0" y="${y + 2}" width="14" height="14" fill="${fillOf(i)}"/>` +
        `<text x="20" y="${y + LABEL_SIZE}">${escapeXml(`${entry.key}：${entry.label}`)}</text>`,
    );
  });
  const top = TOP + legend.length * LEGEND_ROW + 8;
  rows.forEach((row, r) => {
    const y = top + r * ROW_HEIGHT;
    const total = row.segments.reduce((sum, s) => sum + s.value, 0);
    const label = row.note ? `${row.label}（${row.note}）` : row.label;
    parts.push(`<text x="0" y="${y + LABEL_SIZE}">${escapeXml(label)}</text>`);
    if (total === 0) {
      parts.push(`<text x="0" y="${y + 20 + BAR_HEIGHT - 3}">暂无数据</text>`);
      return;
    }
    let x = 0;
    row.segments.forEach((segment, i) => {
      if (segment.value <= 0) return;
      const w = (segment.value / total) * WIDTH;
      const share = `${((segment.value / total) * 100).toFixed(1)}%`;
      const text = `${segment.key} ${share}`;
      const gap = x > 0 ? 2 : 0;
      parts.push(
        `<rect x="${(x + gap).toFixed(1)}" y="${y + 20}" width="${Math.max(0.5, w - gap).toFixed(1)}" height="${BAR_HEIGHT + 4}" fill="${fillOf(i)}"/>`,
      );
      // Text inside only when it fits.
      if (w >= textWidth(text) + 8) {
        parts.push(
          `<text x="${(x + gap + 4).toFixed(1)}" y="${y + 20 + BAR_HEIGHT - 1}" fill="#fff" font-weight="700">${escapeXml(text)}</text>`,
        );
      }
      x += w;
    });
  });
  return frame(id, options.title, options.desc, top + rows.length * ROW_HEIGHT, parts.join(''));
}
