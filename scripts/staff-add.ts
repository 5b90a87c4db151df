/**
 * npm run staff:add -- --email … --name … --role admin [--station <station id>] [--remote]
 *
 * Creates a staff member (or updates and re-enables the one with that email) in the local D1, or
 * with --remote in the production database. This is how the first admin of a fresh deployment is
 * made; after that, admins manage accounts in the console (/staff/accounts).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { capture, run } from './lib/run.ts';
import { StaffAddArgs, staffAddSql } from './lib/staff-add-sql.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    station: { type: 'string' },
    remote: { type: 'boolean', default: false },
    env: { type: 'string' },
    // Another local database folder (tests); the default is wrangler's .wrangler/state.
    'persist-to': { type: 'string' },
  },
  strict: true,
});

const parsed = StaffAddArgs.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`staff:add：${issue.message}`);
  console.error(
    '用法：npm run staff:add -- --email 邮箱 --name 姓名 --role admin|editor|handler|station_staff [--station 联络站编号] [--remote]',
  );
  process.exit(2);
}

const sql = staffAddSql(parsed.data, randomBytes(3));
const persist = values['persist-to'] ? ['--persist-to', values['persist-to']] : [];
const where = values.remote
  ? ['--remote', ...(values.env ? ['--env', values.env] : [])]
  : ['--local', ...persist];
if (!values.remote) {
  // A fresh clone has no local database yet: create and migrate it first.
  await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', ...persist]);
}
try {
  // wrangler prints the statements' empty results as JSON; only its errors (stderr) are shown.
  await capture('wrangler', ['d1', 'execute', 'DB', ...where, '--command', sql]);
} catch {
  console.error(
    'staff:add 失败。请确认数据库已迁移（npm run db:migrate 或 npm run db:migrate:remote），联络站编号存在。',
  );
  process.exit(1);
}
console.log(
  `已${values.remote ? '在生产数据库' : '在本地数据库'}添加工作人员 ${parsed.data.displayName}（${parsed.data.email}，${parsed.data.role}）。`,
);
