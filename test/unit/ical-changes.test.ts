import { describe, expect, it } from 'vitest';
import { StationRecord } from '#domain/places.ts';
import { receptionCalendar } from '../../site/lib/ical.ts';

/** Unfolds RFC 5545 continuation lines so assertions read whole properties. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '');

describe('reception day calendar after console edits', () => {
  const station = StationRecord.parse({
    id: 'sta-1',
    name: '东湖街道代表联络站',
    kind: 'station',
    areaId: 'a',
    address: '东湖路 1 号',
    latitude: null,
    longitude: null,
    openingHours: '',
    phone: null,
    starRating: null,
    isActive: true,
    deputyIds: [],
    receptionDays: [
      {
        id: 7,
        startsAt: '2030-03-08T09:00:00+08:00',
        endsAt: '2030-03-08T11:00:00+08:00',
        topic: '停车难',
        status: 'cancelled',
        statusNote: '代表参加全市会议，改期另行通知',
        sequence: 2,
        deputyIds: [],
      },
      {
        id: 8,
        startsAt: '2030-03-15T09:00:00+08:00',
        endsAt: '2030-03-15T11:00:00+08:00',
        topic: '',
        status: 'scheduled',
        deputyIds: [],
      },
    ],
  });
  const ics = unfold(
    receptionCalendar({
      name: '接待日',
      host: 'rd.example.cn',
      siteUrl: 'https://rd.example.cn',
      stamp: '2030-03-01T00:00:00Z',
      items: station.receptionDays.map((day) => ({ station, day })),
      deputyById: new Map(),
    }),
  );
  const events = ics.split('BEGIN:VEVENT').slice(1);

  it('carries SEQUENCE and STATUS:CANCELLED with the reason, so subscribed phones update', () => {
    expect(events[0]).toContain('UID:reception-7@rd.example.cn');
    expect(events[0]).toContain('SEQUENCE:2\r\n');
    expect(events[0]).toContain('STATUS:CANCELLED\r\n');
    expect(events[0]).toContain('取消说明：代表参加全市会议，改期另行通知');
  });

  it('starts an unchanged day at SEQUENCE 0', () => {
    expect(events[1]).toContain('SEQUENCE:0\r\n');
    expect(events[1]).toContain('STATUS:CONFIRMED\r\n');
  });
});
