/**
 * A strict reader for the iCalendar subset the portal publishes (RFC 5545): it rejects bare LF,
 * lines over 75 octets, bad folding, unbalanced components and malformed values, so a feed that
 * passes here opens in ordinary calendar apps.
 */

export interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface Component {
  name: string;
  props: ContentLine[];
  children: Component[];
}

export class IcsError extends Error {}

/** Splits into physical lines (CRLF only), checks octet length, unfolds continuation lines. */
export function unfold(text: string): string[] {
  if (!text.endsWith('\r\n')) throw new IcsError('the stream must end with CRLF');
  if (/(^|[^\r])\n/.test(text)) throw new IcsError('bare LF line ending');
  if (/\r(?!\n)/.test(text)) throw new IcsError('bare CR');
  const physical = text.slice(0, -2).split('\r\n');
  const encoder = new TextEncoder();
  const logical: string[] = [];
  for (const [i, line] of physical.entries()) {
    if (encoder.encode(line).length > 75) throw new IcsError(`line ${i + 1} is longer than 75 octets`);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const unfolded = logical.pop();
      if (unfolded === undefined) throw new IcsError('continuation line at the start');
      logical.push(unfolded + line.slice(1));
    } else {
      if (line === '') throw new IcsError(`empty line ${i + 1}`);
      logical.push(line);
    }
  }
  return logical;
}

export function parseLine(line: string): ContentLine {
  const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*))*):(.*)$/.exec(line);
  if (!match) throw new IcsError(`malformed content line: ${line.slice(0, 40)}`);
  const params: Record<string, string> = {};
  for (const p of (match[2] ?? '').split(';').slice(1)) {
    const [key, value] = p.split('=');
    if (key) params[key.toUpperCase()] = value ?? '';
  }
  return { name: (match[1] ?? '').toUpperCase(), params, value: match[3] ?? '' };
}

export function parseCalendar(text: string): Component {
  const stack: Component[] = [];
  let root: Component | undefined;
  for (const line of unfold(text).map(parseLine)) {
    if (line.name === 'BEGIN') {
      const component: Component = { name: line.value.toUpperCase(), props: [], children: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(component);
      else if (root) throw new IcsError('content after the calendar ended');
      else root = component;
      stack.push(component);
    } else if (line.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== line.value.toUpperCase())
        throw new IcsError(`END:${line.value} does not match`);
    } else {
      const current = stack[stack.length - 1];
      if (!current) throw new IcsError(`property ${line.name} outside any component`);
      current.props.push(line);
    }
  }
  if (stack.length > 0 || !root) throw new IcsError('unterminated component');
  if (root.name !== 'VCALENDAR') throw new IcsError('the root component must be VCALENDAR');
  return root;
}

/** Unescapes a TEXT value, rejecting unescaped separators (RFC 5545 §3.3.11). */
export function unescapeText(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '\\') {
      const next = value[++i];
      if (next === 'n' || next === 'N') out += '\n';
      else if (next === '\\' || next === ';' || next === ',') out += next;
      else throw new IcsError(`bad escape \\${next ?? ''}`);
    } else if (ch === ';' || ch === ',') {
      throw new IcsError(`unescaped "${ch}" in a TEXT value`);
    } else {
      out += ch;
    }
  }
  return out;
}

const UTC_DATE_TIME = /^\d{8}T\d{6}Z$/;

/** '20250615T010000Z' → epoch milliseconds (throws on impossible dates). */
export function parseUtc(value: string): number {
  if (!UTC_DATE_TIME.test(value)) throw new IcsError(`not a UTC DATE-TIME: ${value}`);
  const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) + 'Z' !== iso) {
    throw new IcsError(`impossible date-time ${value}`);
  }
  return ms;
}

function one(component: Component, name: string): ContentLine {
  const found = component.props.filter((p) => p.name === name);
  if (found.length !== 1)
    throw new IcsError(`${component.name} needs exactly one ${name} (has ${found.length})`);
  return found[0] as ContentLine;
}

const TEXT_PROPS = new Set(['SUMMARY', 'DESCRIPTION', 'LOCATION', 'X-WR-CALNAME']);

export interface CheckedEvent {
  uid: string;
  start: number;
  end: number;
  summary: string;
  description: string;
  status: string;
}

/** Validates the calendar and its events; returns the events read. */
export function validateCalendar(text: string): CheckedEvent[] {
  const calendar = parseCalendar(text);
  if (one(calendar, 'VERSION').value !== '2.0') throw new IcsError('VERSION must be 2.0');
  if (one(calendar, 'PRODID').value.length === 0) throw new IcsError('empty PRODID');
  for (const p of calendar.props) if (TEXT_PROPS.has(p.name)) unescapeText(p.value);
  const uids = new Set<string>();
  const events: CheckedEvent[] = [];
  for (const child of calendar.children) {
    if (child.name !== 'VEVENT') throw new IcsError(`unexpected component ${child.name}`);
    const uid = one(child, 'UID').value;
    if (uids.has(uid)) throw new IcsError(`duplicate UID ${uid}`);
    uids.add(uid);
    parseUtc(one(child, 'DTSTAMP').value);
    const start = parseUtc(one(child, 'DTSTART').value);
    const end = parseUtc(one(child, 'DTEND').value);
    if (end <= start) throw new IcsError(`${uid} ends before it starts`);
    for (const p of child.props) if (TEXT_PROPS.has(p.name)) unescapeText(p.value);
    const status = child.props.find((p) => p.name === 'STATUS')?.value ?? '';
    if (status && !['TENTATIVE', 'CONFIRMED', 'CANCELLED'].includes(status))
      throw new IcsError(`bad STATUS ${status}`);
    const geo = child.props.find((p) => p.name === 'GEO');
    if (geo && !/^-?\d{1,2}(\.\d+)?;-?\d{1,3}(\.\d+)?$/.test(geo.value))
      throw new IcsError(`bad GEO ${geo.value}`);
    events.push({
      uid,
      start,
      end,
      summary: unescapeText(one(child, 'SUMMARY').value),
      description: unescapeText(child.props.find((p) => p.name === 'DESCRIPTION')?.value ?? ''),
      status,
    });
  }
  return events;
}
