/**
 * iCalendar (RFC 5545) for reception days: CRLF line endings, lines folded at 75 octets without
 * splitting a UTF-8 character, TEXT values escaped, times in UTC.
 */
import type { ReceptionDay, StationRecord } from '#domain/places.ts';

/** Escapes a TEXT value: backslash, semicolon, comma and newlines. */
export function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds one content line into chunks of at most 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines spend one octet on the space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** '2025-06-15T09:00:00+08:00' → '20250615T010000Z'. */
export function icsUtc(time: string): string {
  return new Date(time)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface CalendarOptions {
  name: string;
  /** Host name for UIDs, e.g. 'renda.example.cn'. */
  host: string;
  siteUrl: string;
  /** UTC stamp 'YYYY-MM-DDTHH:MM:SSZ' used as DTSTAMP. */
  stamp: string;
  items: readonly { station: StationRecord; day: ReceptionDay }[];
  /** Names of the deputies on the days (every deputy, or only those of one station). */
  deputyById: ReadonlyMap<string, { name: string }>;
}

export function receptionCalendar(options: CalendarOptions): string {
  const dtstamp = icsUtc(options.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//deputy-portal//reception days//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(options.name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
  ];
  for (const { station, day } of options.items) {
    const names = day.deputyIds.map((id) => options.deputyById.get(id)?.name ?? id);
    const description = [
      names.length > 0 ? `值班代表：${names.join('、')}` : '',
      day.topic ? `主题：${day.topic}` : '',
      day.statusNote ? `${day.status === 'cancelled' ? '取消' : '变更'}说明：${day.statusNote}` : '',
      `${options.siteUrl}/stations/${station.id}/`,
    ]
      .filter(Boolean)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:reception-${day.id}@${options.host}`,
      `DTSTAMP:${dtstamp}`,
      // Raised on every published change, so subscribed calendars replace the old event.
      `SEQUENCE:${day.sequence}`,
      `DTSTART:${icsUtc(day.startsAt)}`,
      `DTEND:${icsUtc(day.endsAt)}`,
      `SUMMARY:${icsText(`人大代表接待日：${station.name}`)}`,
      `LOCATION:${icsText(`${station.name}，${station.address}`)}`,
      `DESCRIPTION:${icsText(description)}`,
      `URL:${options.siteUrl}/stations/${station.id}/`,
      `STATUS:${day.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    );
    if (station.latitude !== null && station.longitude !== null) {
      lines.push(`GEO:${station.latitude.toFixed(6)};${station.longitude.toFixed(6)}`);
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
