import { describe, expect, it } from 'vitest';
import type { SuggestionRecord } from '#domain/suggestions.ts';
import {
  activityDistribution,
  isOverdue,
  median,
  opinionYears,
  ratio,
  replyTiming,
  summarize,
  unitScorecard,
} from '../../site/lib/records/stats.ts';
import { buildTimeline } from '../../site/lib/records/timeline.ts';

const AS_OF = '2025-06-30';

/** A suggestion with sensible defaults; each test names only what it is about. */
function item(id: string, over: Partial<SuggestionRecord> = {}): SuggestionRecord {
  return {
    id,
    sessionId: 's1',
    kind: 'suggestion',
    number: 1,
    title: `建议${id}`,
    body: '正文',
    category: 'transport',
    leadDeputy: { id: 'd1', name: '王明' },
    cosigners: [],
    filedOn: '2025-01-10',
    status: 'assigned',
    resultClass: null,
    satisfaction: null,
    keySupervisionLeader: null,
    updatedAt: '2025-01-10T00:00:00Z',
    assignments: [{ unitId: 'jt', role: 'lead', assignedOn: '2025-02-01', dueOn: '2025-05-01' }],
    replies: [],
    ratings: [],
    commitments: [],
    ...over,
  };
}

const reply = (
  id: number,
  unitId: string,
  round: number,
  repliedOn: string,
  resultClass: 'A' | 'B' | 'C' | null,
) => ({
  id,
  unitId,
  round,
  repliedOn,
  resultClass,
  body: '答复',
});

describe('ratio and median', () => {
  it('rounds to 4 decimals and refuses to divide by zero', () => {
    expect(ratio(236, 249)).toBe(0.9478);
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(0, 0)).toBeNull();
  });
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('replyTiming', () => {
  const lead = { unitId: 'jt', role: 'lead' as const, assignedOn: '2025-02-01', dueOn: '2025-05-01' };
  const cases: Array<[string, SuggestionRecord['replies'], string]> = [
    ['a reply on the due date is on time', [reply(1, 'jt', 1, '2025-05-01', 'A')], 'on_time'],
    ['a reply after the due date is late', [reply(1, 'jt', 1, '2025-05-02', 'A')], 'late'],
    [
      'the first reply counts, not a later round',
      [reply(2, 'jt', 2, '2025-06-01', 'A'), reply(1, 'jt', 1, '2025-04-01', 'B')],
      'on_time',
    ],
    ["another unit's reply does not count", [reply(1, 'jy', 1, '2025-04-01', null)], 'overdue'],
    ['no reply past the due date is overdue', [], 'overdue'],
  ];
  it.each(cases)('%s', (_label, replies, expected) => {
    expect(replyTiming(item('x', { replies }), lead, AS_OF)).toBe(expected);
  });
  it('no reply before the due date is pending', () => {
    expect(replyTiming(item('x'), { ...lead, dueOn: '2025-07-01' }, AS_OF)).toBe('pending');
  });
});

describe('summarize', () => {
  const items = [
    item('a', {
      kind: 'motion',
      resultClass: 'A',
      satisfaction: 'satisfied',
      replies: [reply(1, 'jt', 1, '2025-04-01', 'A')],
    }),
    item('b', {
      resultClass: 'A',
      satisfaction: 'basically_satisfied',
      replies: [reply(2, 'jt', 1, '2025-05-10', 'A')],
    }),
    item('c', {
      resultClass: 'C',
      satisfaction: 'dissatisfied',
      keySupervisionLeader: '副市长',
      replies: [reply(3, 'jt', 1, '2025-04-20', 'C')],
      ratings: [{ round: 1, ratedOn: '2025-05-01', satisfaction: 'dissatisfied' }],
      commitments: [
        {
          id: 'k1',
          unitId: 'jt',
          description: '年内完成',
          dueOn: '2025-06-01',
          status: 'open',
          keptOn: null,
          evidence: '',
        },
        {
          id: 'k2',
          unitId: 'jt',
          description: '年内完成',
          dueOn: '2025-03-01',
          status: 'kept',
          keptOn: '2025-02-20',
          evidence: '照片',
        },
      ],
    }),
    item('d'),
    item('e', { assignments: [] }),
  ];
  const s = summarize(items, AS_OF);

  it('counts result classes over answered items only', () => {
    expect(s.items).toBe(5);
    expect(s.motions).toBe(1);
    expect(s.classified).toBe(3);
    expect(s.classes).toEqual({ A: 2, B: 0, C: 1 });
    expect(s.shareA).toBe(0.6667);
  });
  it('counts satisfaction over rated items', () => {
    expect(s.rated).toBe(3);
    expect(s.satisfiedShare).toBe(0.6667);
    expect(s.sentBack).toBe(1);
    expect(s.keySupervised).toBe(1);
  });
  it('judges lead units against their deadlines; unassigned items are left out', () => {
    expect(s.timing).toEqual({ onTime: 2, late: 1, overdue: 1, pending: 0, onTimeRate: 0.5 });
  });
  it('counts open commitments past their due date as overdue', () => {
    expect(s.commitments).toEqual({ total: 2, kept: 1, open: 1, overdue: 1, dropped: 0 });
    expect(isOverdue(items[2] as SuggestionRecord, AS_OF)).toBe(true);
    expect(isOverdue(items[0] as SuggestionRecord, AS_OF)).toBe(false);
  });
});

describe('unitScorecard', () => {
  const items = [
    item('a', {
      assignments: [
        { unitId: 'jt', role: 'lead', assignedOn: '2025-02-01', dueOn: '2025-05-01' },
        { unitId: 'jy', role: 'co', assignedOn: '2025-02-01', dueOn: '2025-04-01' },
      ],
      replies: [
        reply(1, 'jy', 1, '2025-04-05', null),
        reply(2, 'jt', 1, '2025-04-20', 'B'),
        reply(3, 'jt', 2, '2025-06-01', 'A'),
      ],
      ratings: [
        { round: 1, ratedOn: '2025-05-01', satisfaction: 'dissatisfied' },
        { round: 2, ratedOn: '2025-06-10', satisfaction: 'basically_satisfied' },
      ],
      satisfaction: 'basically_satisfied',
      resultClass: 'A',
    }),
    item('b', {
      assignments: [{ unitId: 'jy', role: 'lead', assignedOn: '2025-02-01', dueOn: '2025-05-01' }],
      replies: [reply(4, 'jy', 1, '2025-03-01', 'A')],
      resultClass: 'A',
      satisfaction: 'satisfied',
    }),
  ];

  it('scores a lead unit on its own latest class and the deputy’s rating', () => {
    const jt = unitScorecard('jt', items, AS_OF);
    expect(jt).toMatchObject({
      assigned: 1,
      asLead: 1,
      asCo: 0,
      classified: 1,
      shareA: 1,
      rated: 1,
      sentBack: 1,
      rehandled: 1,
    });
    expect(jt.classes).toEqual({ A: 1, B: 0, C: 0 });
    expect(jt.timing.onTimeRate).toBe(1);
  });
  it('counts co-handling against the co-handler’s own deadline, but not in its results', () => {
    const jy = unitScorecard('jy', items, AS_OF);
    expect(jy).toMatchObject({ assigned: 2, asLead: 1, asCo: 1, classified: 1, rated: 1, sentBack: 0 });
    expect(jy.timing).toMatchObject({ onTime: 1, late: 1, onTimeRate: 0.5 });
  });
});

describe('activityDistribution', () => {
  const facts = [0, 0, 3, 4.5, 5, 14.5, 15, 22, 40].map((days, i) => ({
    deputyId: `d${i}`,
    level: 'municipal' as const,
    year: 2025,
    days,
  }));
  it('bins the days and counts deputies at the 15-day floor', () => {
    const d = activityDistribution(
      [...facts, { deputyId: 'x', level: 'municipal', year: 2024, days: 99 }],
      2025,
      15,
    );
    expect(d.deputies).toBe(9);
    expect(d.bins.map((b) => b.count)).toEqual([2, 2, 1, 1, 1, 1, 1]);
    expect(d.meetingFloor).toBe(3);
    expect(d.meetingFloorShare).toBe(0.3333);
    expect(d.medianDays).toBe(5);
  });
});

describe('opinionYears', () => {
  it('groups by the Beijing year of receipt and takes the median days to a first reply', () => {
    const years = opinionYears([
      // 2024-12-31 17:00 UTC is already 2025-01-01 in Beijing.
      {
        id: 1,
        receivedAt: '2024-12-31T17:00:00Z',
        firstRepliedAt: '2025-01-02T17:00:00Z',
        status: 'replied',
        targetType: 'topic',
        layer: null,
        category: null,
      },
      {
        id: 2,
        receivedAt: '2025-03-01T00:00:00Z',
        firstRepliedAt: '2025-03-05T12:00:00Z',
        status: 'replied',
        targetType: 'deputy',
        layer: 'city',
        category: '交通出行',
      },
      {
        id: 3,
        receivedAt: '2025-03-02T00:00:00Z',
        firstRepliedAt: null,
        status: 'forwarded',
        targetType: 'topic',
        layer: null,
        category: null,
      },
      {
        id: 4,
        receivedAt: '2024-12-31T15:00:00Z',
        firstRepliedAt: null,
        status: 'received',
        targetType: 'topic',
        layer: null,
        category: null,
      },
    ]);
    expect(years).toEqual([
      { year: 2025, received: 3, answered: 2, answeredShare: 0.6667, medianReplyDays: 3.3 },
      { year: 2024, received: 1, answered: 0, answeredShare: 0, medianReplyDays: null },
    ]);
  });
});

describe('buildTimeline', () => {
  it('orders filing, assignment, replies, ratings and the send-back by date', () => {
    const timeline = buildTimeline(
      item('t', {
        replies: [reply(7, 'jt', 1, '2025-04-01', 'C'), reply(8, 'jt', 2, '2025-06-01', 'A')],
        ratings: [{ round: 1, ratedOn: '2025-04-10', satisfaction: 'dissatisfied' }],
        commitments: [
          {
            id: 'k',
            unitId: 'jt',
            description: '修好路灯',
            dueOn: '2025-07-01',
            status: 'kept',
            keptOn: '2025-06-20',
            evidence: '验收单',
          },
        ],
      }),
      (id) => (id === 'jt' ? '市交通运输局' : id),
    );
    expect(timeline.map((e) => [e.date, e.kind])).toEqual([
      ['2025-01-10', 'filed'],
      ['2025-02-01', 'assigned'],
      ['2025-04-01', 'replied'],
      ['2025-04-10', 'rated'],
      ['2025-04-10', 'sent_back'],
      ['2025-06-01', 'replied_again'],
      ['2025-06-20', 'commitment_kept'],
    ]);
    expect(timeline[1]?.text).toContain('市交通运输局主办');
    expect(timeline[5]?.anchor).toBe('reply-8');
  });
});
