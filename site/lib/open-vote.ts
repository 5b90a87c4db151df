/**
 * The public vote that is open, for the header's banner. Prerendered pages are rebuilt at every
 * publish, so on them the banner follows the round's published dates as of the last build (a
 * window that opens or closes between two publishes shows up at the next one); pages the Worker
 * renders read the window from D1 on each request. The banner states the closing day, so even a
 * stale banner tells the reader when voting ends, and the vote page and API check the real window.
 */

import { BEIJING_OFFSET_MS } from '../../functions/lib/time.ts';

export interface OpenVote {
  year: number;
  /** End of public voting, Beijing date "M月D日". */
  closesOn: string;
}

export interface VotingWindow {
  year: number;
  startsAt: string;
  endsAt: string;
}

/** The newest round whose public voting window contains `now`, as the banner shows it. */
export function openVoteAt(windows: readonly VotingWindow[], now: number): OpenVote | null {
  const open = windows
    .filter((w) => Date.parse(w.startsAt) <= now && now < Date.parse(w.endsAt))
    .sort((a, b) => b.year - a.year)[0];
  if (!open) return null;
  const end = new Date(Date.parse(open.endsAt) + BEIJING_OFFSET_MS);
  return { year: open.year, closesOn: `${end.getUTCMonth() + 1}月${end.getUTCDate()}日` };
}

/** The public voting windows, for pages the Worker renders (numbered parameters: none). */
export const VOTING_WINDOWS_QUERY = `SELECT round_year AS year, starts_at AS startsAt, ends_at AS endsAt
  FROM round_phases WHERE phase = 'public_voting'`;
