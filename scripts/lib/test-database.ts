import { rm } from 'node:fs/promises';
import { run } from './run.ts';
import { beijingToday } from '../../functions/lib/time.ts';

/** The small seeded D1 that typechecks and site tests build from (never the user's own data). */
export async function prepareTestDatabase(stateDir: string): Promise<void> {
  await rm(stateDir, { recursive: true, force: true });
  await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir]);
  await run('node', [
    'scripts/demo/load.ts',
    '--scale',
    '0.05',
    '--as-of',
    beijingToday(),
    '--persist-to',
    stateDir,
  ]);
}
