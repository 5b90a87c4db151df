/**
 * npm run db:backup [-- --remote] [-- --output dir]
 *
 * Writes a dated SQL export of the D1 database (schema and data) with `wrangler d1 export`: the
 * local one by default, the production one with --remote. README "Backups and restoring" explains
 * restoring from it and from D1 Time Travel.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BEIJING_OFFSET_MS } from '../functions/lib/time.ts';
import { run } from './lib/run.ts';

const { values } = parseArgs({
  options: {
    remote: { type: 'boolean', default: false },
    output: { type: 'string', default: 'backups' },
    env: { type: 'string' },
  },
  strict: true,
});

// Beijing date and time, so two backups on one day do not overwrite each other.
const stamp = new Date(Date.now() + BEIJING_OFFSET_MS)
  .toISOString()
  .slice(0, 19)
  .replace(/[-:]/g, '')
  .replace('T', '-');
const file = join(values.output, `deputy-portal-${values.remote ? 'remote' : 'local'}-${stamp}.sql`);
await mkdir(values.output, { recursive: true });
const where = values.remote ? ['--remote', '--env', values.env ?? 'production'] : ['--local'];
await run('wrangler', ['d1', 'export', 'DB', ...where, '--output', file]);
console.log(`备份已写入 ${file}`);
