/**
 * npm run deploy: build the site from the production D1 and deploy the Worker with it. The build
 * (CLOUDFLARE_ENV=production: the adapter writes the production environment's bindings into
 * dist/server/wrangler.json) is what `wrangler deploy --config dist/server/wrangler.json` uploads:
 * the Worker bundle and dist/client as its static assets. Needs PUBLIC_SITE_URL (the public address, for canonical
 * URLs, feeds and citations) and a wrangler login or CLOUDFLARE_API_TOKEN. Apply migrations first
 * with npm run db:migrate:remote.
 */
import { run } from './lib/run.ts';

const site = process.env.PUBLIC_SITE_URL;
if (!site || !/^https:\/\//.test(site)) {
  console.error('请先设置公开网址，例如：PUBLIC_SITE_URL=https://rd.example.gov.cn npm run deploy');
  process.exit(2);
}
await run('node', ['scripts/build.ts'], {
  PORTAL_D1: 'remote',
  PUBLIC_SITE_URL: site,
  CLOUDFLARE_ENV: 'production',
});
await run('wrangler', ['deploy', '--config', 'dist/server/wrangler.json']);
