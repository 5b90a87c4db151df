import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '#domain/suggestions.ts';
import {
  chineseNumeral,
  percent,
  phaseAt,
  sessionLabel,
  sessionShortLabel,
  yuanAsWan,
} from '../../site/lib/records/format.ts';
import { beijingDateTime, beijingToday } from '../../functions/lib/time.ts';

describe('chineseNumeral', () => {
  const cases: Array<[number, string]> = [
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [16, '十六'],
    [20, '二十'],
    [23, '二十三'],
    [99, '九十九'],
    [100, '100'],
  ];
  it.each(cases)('%i is %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });
});

describe('session labels', () => {
  const session: SessionRecord = {
    id: 'xl-16-3',
    termId: 'xl-16',
    termNumber: 16,
    congressId: 'xl',
    congressName: '星澜市人民代表大会',
    number: 3,
    opensOn: '2024-01-15',
    closesOn: '2024-01-19',
  };
  it('names the congress, term and session', () => {
    expect(sessionLabel(session)).toBe('星澜市第十六届人民代表大会第三次会议');
    expect(sessionShortLabel(session)).toBe('十六届三次会议');
  });
});

describe('numbers and times', () => {
  it('prints ratios as percentages with one decimal, or a dash', () => {
    expect(percent(0.948)).toBe('94.8%');
    expect(percent(1)).toBe('100.0%');
    expect(percent(null)).toBe('—');
  });
  it('prints budgets in 万元', () => {
    expect(yuanAsWan(6_525_000)).toBe('652.5 万元');
    expect(yuanAsWan(null)).toBe('未公布');
  });
  it('converts UTC to Beijing time', () => {
    expect(beijingDateTime('2025-12-31T16:30:00Z')).toBe('2026-01-01 00:30');
    expect(beijingToday(Date.parse('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });
});

describe('phaseAt', () => {
  const phases = [
    { phase: 'public_voting', startsAt: '2025-12-01T00:00:00Z', endsAt: '2025-12-31T00:00:00Z' },
    { phase: 'deputies_voting', startsAt: '2026-01-10T00:00:00Z', endsAt: '2026-01-15T00:00:00Z' },
  ];
  const cases: Array<[string, string | null, boolean]> = [
    ['2025-11-01T00:00:00Z', null, false],
    ['2025-12-01T00:00:00Z', 'public_voting', true],
    ['2025-12-31T00:00:00Z', 'public_voting', false],
    ['2026-01-12T00:00:00Z', 'deputies_voting', true],
    ['2026-03-01T00:00:00Z', 'deputies_voting', false],
  ];
  it.each(cases)('at %s the phase is %s (open: %s)', (at, phase, open) => {
    const result = phaseAt(phases, at);
    expect(result.phase?.phase ?? null).toBe(phase);
    expect(result.open).toBe(open);
  });
});
