import { describe, expect, it } from 'vitest';
import { hasBuilt, internalLinks, readBuilt } from './helpers/built.ts';
import { IcsError, validateCalendar } from './helpers/ical.ts';
import { children, isRfc3339, parseXml, XmlError, type XmlElement } from './helpers/xml.ts';

const CRLF = '\r\n';
const calendar = (...lines: string[]) => [...lines].join(CRLF) + CRLF;
const goodEvent = [
  'BEGIN:VEVENT',
  'UID:a@x',
  'DTSTAMP:20250101T000000Z',
  'DTSTART:20250102T010000Z',
  'DTEND:20250102T030000Z',
  'SUMMARY:接待日',
  'END:VEVENT',
];
const head = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//ZH'];

describe('the iCalendar checker itself', () => {
  it('accepts a minimal valid calendar', () => {
    expect(validateCalendar(calendar(...head, ...goodEvent, 'END:VCALENDAR'))).toHaveLength(1);
  });

  it.each([
    ['bare LF line endings', [...head, ...goodEvent, 'END:VCALENDAR'].join('\n') + '\n'],
    ['a line over 75 octets', calendar(...head, `X-LONG:${'接'.repeat(30)}`, ...goodEvent, 'END:VCALENDAR')],
    [
      'an unescaped comma',
      calendar(...head, ...goodEvent.slice(0, 5), 'SUMMARY:甲,乙', 'END:VEVENT', 'END:VCALENDAR'),
    ],
    [
      'a missing DTSTAMP',
      calendar(...head, ...goodEvent.filter((l) => !l.startsWith('DTSTAMP')), 'END:VCALENDAR'),
    ],
    ['a duplicate UID', calendar(...head, ...goodEvent, ...goodEvent, 'END:VCALENDAR')],
    [
      'a local time without zone',
      calendar(
        ...head,
        ...goodEvent.map((l) => l.replace('DTSTART:20250102T010000Z', 'DTSTART:20250102T010000')),
        'END:VCALENDAR',
      ),
    ],
    ['an unclosed component', calendar(...head, ...goodEvent)],
  ])('rejects %s', (_label, text) => {
    expect(() => validateCalendar(text)).toThrow(IcsError);
  });
});

describe('the XML checker itself', () => {
  it.each([
    ['unbalanced tags', '<a><b></a></b>'],
    ['a bare ampersand', '<a>x & y</a>'],
    ['two roots', '<a/><b/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
  ])('rejects %s', (_label, text) => {
    expect(() => parseXml(text)).toThrow(XmlError);
  });
});

function firstStationPath(): string {
  const station = internalLinks(readBuilt('/stations/')).find((href) =>
    /^\/stations\/[a-z0-9-]+\/$/.test(href),
  );
  if (!station) throw new Error('no station linked from /stations/');
  return station;
}

describe('reception day calendars (.ics)', () => {
  it('publishes a valid calendar for a station, linked from its page', () => {
    const station = firstStationPath();
    const page = readBuilt(station);
    expect(page).toContain(`href="${station}calendar.ics"`);
    const events = validateCalendar(readBuilt(`${station}calendar.ics`));
    expect(events.length).toBeGreaterThan(0);
    const name = /<h1>([^<]+)<\/h1>/.exec(page)?.[1] ?? '';
    for (const event of events) expect(event.summary).toContain(name);
  });

  it('publishes one valid calendar for all stations that holds every station calendar event', () => {
    const all = validateCalendar(readBuilt('/stations/calendar.ics'));
    const uids = new Set(all.map((e) => e.uid));
    const stationEvents = validateCalendar(readBuilt(`${firstStationPath()}calendar.ics`));
    for (const event of stationEvents) expect(uids.has(event.uid)).toBe(true);
    expect(new Set(all.map((e) => e.summary)).size).toBeGreaterThan(1);
  });
});

function text(element: XmlElement, name: string): string {
  const found = children(element, name);
  expect(found, `<${element.name}> needs exactly one <${name}>`).toHaveLength(1);
  return found[0]?.text.trim() ?? '';
}

/** RFC 4287 requirements for a feed and its entries. */
function checkAtom(xml: string, selfPath: string): XmlElement[] {
  const feed = parseXml(xml);
  expect(feed.name).toBe('feed');
  expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
  expect(text(feed, 'id')).toMatch(/^https?:\/\//);
  expect(text(feed, 'title').length).toBeGreaterThan(0);
  const updated = text(feed, 'updated');
  expect(isRfc3339(updated)).toBe(true);
  const authors = children(feed, 'author');
  expect(authors.length).toBeGreaterThan(0);
  for (const author of authors) expect(text(author, 'name').length).toBeGreaterThan(0);
  const self = children(feed, 'link').find((l) => l.attrs.rel === 'self');
  expect(new URL(self?.attrs.href ?? 'x:').pathname).toBe(selfPath);
  const entries = children(feed, 'entry');
  const ids = new Set<string>();
  for (const entry of entries) {
    const id = text(entry, 'id');
    expect(ids.has(id), `duplicate entry id ${id}`).toBe(false);
    ids.add(id);
    expect(text(entry, 'title').length).toBeGreaterThan(0);
    const entryUpdated = text(entry, 'updated');
    expect(isRfc3339(entryUpdated)).toBe(true);
    expect(Date.parse(entryUpdated)).toBeLessThanOrEqual(Date.parse(updated));
    expect(children(entry, 'link').some((l) => l.attrs.rel === 'alternate' && l.attrs.href)).toBe(true);
  }
  return entries;
}

describe('Atom feeds', () => {
  it('publishes a well-formed news feed with one entry per news page', () => {
    const entries = checkAtom(readBuilt('/news/feed.xml'), '/news/feed.xml');
    const pages = internalLinks(readBuilt('/news/')).filter((h) => /^\/news\/[^/]+\/$/.test(h));
    expect(entries.length).toBe(pages.length);
    expect(entries.length).toBeGreaterThanOrEqual(4);
  });

  it('publishes a well-formed feed per deputy, linked from the profile', () => {
    const deputy = internalLinks(readBuilt('/deputies/level/municipal/')).find((h) =>
      /^\/deputies\/[a-z0-9-]+\/$/.test(h),
    );
    expect(deputy).toBeDefined();
    const profile = readBuilt(deputy ?? '');
    expect(profile).toContain(`href="${deputy}feed.xml"`);
    expect(profile).toContain('type="application/atom+xml"');
    expect(hasBuilt(`${deputy}feed.xml`)).toBe(true);
    const entries = checkAtom(readBuilt(`${deputy}feed.xml`), `${deputy}feed.xml`);
    expect(entries.length).toBeGreaterThan(0);
  });
});
