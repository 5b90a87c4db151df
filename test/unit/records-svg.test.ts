import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../functions/lib/xml.ts';
import { atomFeed } from '../../site/lib/atom.ts';
import { barChart, stackedBars, textWidth } from '../../site/lib/records/svg.ts';

/** The accessible name of a chart: the ids aria-labelledby points at must exist. */
function labelledBy(svg: string): string[] {
  const ids = /aria-labelledby="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
  return ids.map((id) => new RegExp(`id="${id}">([^<]*)<`).exec(svg)?.[1] ?? '');
}

describe('barChart', () => {
  const svg = barChart({
    id: 'ot',
    title: '各单位按期答复率',
    desc: '市交通运输局 80.0%；<市教育局> & 其他 50.0%',
    rows: [
      { label: '市交通运输局', value: 0.8, display: '80.0%' },
      { label: '<市教育局> & 其他', value: 0.5, display: '50.0%', highlight: true },
    ],
    max: 1,
  });

  it('is an image named by its title and description', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(labelledBy(svg)).toEqual([
      '各单位按期答复率',
      '市交通运输局 80.0%；&lt;市教育局&gt; &amp; 其他 50.0%',
    ]);
  });
  it('prints every label and value as text, escaped', () => {
    for (const text of ['市交通运输局', '80.0%', '&lt;市教育局&gt; &amp; 其他', '50.0%'])
      expect(svg).toContain(`>${text}</text>`);
    expect(svg).not.toContain('<市教育局>');
  });
  it('draws bars in proportion and marks a highlighted bar with a pattern, not only a colour', () => {
    const widths = [...svg.matchAll(/<rect x="0" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect((widths[1] ?? 0) / (widths[0] ?? 1)).toBeCloseTo(0.5 / 0.8, 2);
    expect(svg).toContain('<pattern id="ot-h"');
    expect(svg).toContain('fill="url(#ot-h)"');
  });
  it('leaves room for the longest value inside the 360-unit view box', () => {
    const long = barChart({
      id: 'l',
      title: 't',
      desc: 'd',
      rows: [{ label: 'x', value: 1, display: '100.0%（1234/1234）' }],
    });
    const width = Number(/<rect x="0" y="\d+" width="([\d.]+)"/.exec(long)?.[1]);
    expect(width + 6 + textWidth('100.0%（1234/1234）')).toBeLessThanOrEqual(360);
  });
});

describe('stackedBars', () => {
  const svg = stackedBars({
    id: 'rc',
    title: '办理结果构成',
    desc: 'A 80%',
    legend: [
      { key: 'A', label: '已解决或正在解决' },
      { key: 'B', label: '列入计划逐步解决' },
      { key: 'C', label: '暂不能解决' },
    ],
    rows: [
      {
        label: '十六届五次会议',
        note: '已答复 10 件',
        segments: [
          { key: 'A', value: 8 },
          { key: 'B', value: 1 },
          { key: 'C', value: 1 },
        ],
      },
      {
        label: '十六届四次会议',
        segments: [
          { key: 'A', value: 0 },
          { key: 'B', value: 0 },
          { key: 'C', value: 0 },
        ],
      },
    ],
  });
  it('has a legend that names each key in words', () => {
    for (const text of ['A：已解决或正在解决', 'B：列入计划逐步解决', 'C：暂不能解决'])
      expect(svg).toContain(text);
  });
  it('labels a wide segment with its key and share, and says when a row is empty', () => {
    expect(svg).toContain('>A 80.0%</text>');
    expect(svg).toContain('十六届五次会议（已答复 10 件）');
    expect(svg).toContain('>暂无数据</text>');
  });
  it('escapes every text', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('atomFeed', () => {
  it('writes an Atom feed whose updated time is the newest entry', () => {
    const xml = atomFeed({
      title: '最新答复',
      subtitle: '说明',
      selfUrl: 'https://example.org/suggestions/replies.xml',
      pageUrl: 'https://example.org/suggestions/',
      author: '门户',
      fallbackUpdated: '2026-01-01T00:00:00Z',
      entries: [
        {
          id: 'https://example.org/a',
          title: 'A & B',
          updated: '2025-03-01T00:00:00+08:00',
          link: 'https://example.org/a',
          summary: '<p>',
        },
        {
          id: 'https://example.org/b',
          title: 'B',
          updated: '2025-04-01T00:00:00+08:00',
          link: 'https://example.org/b',
          summary: 's',
        },
      ],
    });
    expect(
      xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'),
    ).toBe(true);
    expect(xml).toContain('<updated>2025-04-01T00:00:00+08:00</updated><link rel="self"');
    expect(xml).toContain('<title>A &amp; B</title>');
    expect(xml).toContain('<summary>&lt;p&gt;</summary>');
    expect(xml.match(/<entry>/g)).toHaveLength(2);
  });
});
