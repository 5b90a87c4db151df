/** The bench's own reads and writes of a local D1, through `wrangler d1 execute --local`. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashCode, newCode, normalizeCode } from '../functions/lib/codes.ts';
import { capture } from '../scripts/lib/run.ts';

function executeArgs(persistTo: string, config: string | undefined): string[] {
  const args = ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo];
  if (config) args.push('--config', config);
  return args;
}

/** Rows of one SQL statement. */
export async function query<Row>(persistTo: string, sql: string, config?: string): Promise<Row[]> {
  const out = await capture('wrangler', [...executeArgs(persistTo, config), '--json', '--command', sql], {
    NO_COLOR: '1',
  });
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results?: Row[] }[];
  return parsed[0]?.results ?? [];
}

/** Runs a file of statements (wrangler runs a file as one batch). */
export async function executeFile(persistTo: string, sql: string, config?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  try {
    const file = join(dir, 'bench.sql');
    writeFileSync(file, sql);
    await capture('wrangler', [...executeArgs(persistTo, config), '--file', file, '--yes'], {
      NO_COLOR: '1',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Makes `count` fresh voting codes for a round and stores their hashes (as staff would issue a
 * batch); returns the codes as printed on the slips.
 */
export async function issueVotingCodes(persistTo: string, year: number, count: number): Promise<string[]> {
  const codes = Array.from({ length: count }, () => newCode());
  const hashes = await Promise.all(codes.map((code) => hashCode(normalizeCode(code) ?? '')));
  const rows = hashes.map((h) => `(${year}, '${h}', 'bench')`);
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    statements.push(
      `INSERT INTO voting_codes (round_year, code_hash, batch_id) VALUES ${rows.slice(i, i + 500).join(', ')};`,
    );
  }
  await executeFile(persistTo, statements.join('\n'));
  return codes;
}
