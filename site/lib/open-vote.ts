/**
 * The public vote that is open when the site is built. Pages are static and rebuilt at every
 * publish, so the header's vote banner follows the round's published dates as of the last build:
 * a window that opens or closes between two publishes shows up at the next one. The banner states
 * the closing time, so a stale banner still tells the reader when voting ends, and the vote page
 * and API check the real window themselves.
 */
import { getCollection } from 'astro:content';

export interface OpenVote {
  year: number;
  /** End of public voting, Beijing date "M月D日". */
  closesOn: string;
}

let cached: Promise<OpenVote | null> | undefined;

async function find(now: number): Promise<OpenVote | null> {
  const rounds = await getCollection('projectRounds');
  for (const round of rounds.sort((a, b) => b.data.year - a.data.year)) {
    const voting = round.data.phases.find((p) => p.phase === 'public_voting');
    if (!voting) continue;
    if (Date.parse(voting.startsAt) <= now && now < Date.parse(voting.endsAt)) {
      const end = new Date(Date.parse(voting.endsAt) + 8 * 3600_000);
      return { year: round.data.year, closesOn: `${end.getUTCMonth() + 1}月${end.getUTCDate()}日` };
    }
  }
  return null;
}

/** The round whose public voting is open at build time, if any (looked up once per build). */
export function openVote(): Promise<OpenVote | null> {
  cached ??= find(Date.now());
  return cached;
}
