/**
 * The D1 database the site is built from.
 *
 * Locally this is the same on-disk D1 that `wrangler dev` and `wrangler d1 execute --local`
 * use (.wrangler/state). With PORTAL_D1=remote the build reads the production D1 through
 * wrangler's remote bindings (the `remote = true` binding of [env.production]); see README.
 */
import type { D1Database, R2Bucket } from '@cloudflare/workers-types';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { getPlatformProxy } from 'wrangler';
import { z } from 'zod';

/**
 * wrangler's `experimental_readRawConfig` as used here. Its published types come from a package
 * wrangler does not ship, so they resolve to nothing; the fields read are checked instead, and
 * every other field of the configuration is kept as it is.
 */
const ReadRawConfig = z.function({
  input: [z.object({ config: z.string() })],
  // A record, not an object schema: it keeps the configuration's fields in their order.
  output: z.looseObject({ rawConfig: z.record(z.string(), z.unknown()) }),
});

/** Where the build's own wrangler configuration goes, next to wrangler.toml (gitignored with .wrangler/). */
const PROXY_CONFIG = '.wrangler/build/wrangler.json';

/**
 * The options of `getPlatformProxy` for the build: wrangler.toml's bindings without its static
 * assets. The build only needs D1 and R2, but wrangler checks the configured assets folder
 * (dist/client) whenever the config names one, so an earlier, larger build left there with a file
 * over 25 MiB would fail a build that writes somewhere else. Paths are made absolute because the
 * config lives in another folder; the D1 stays the one `wrangler dev` uses unless
 * PORTAL_D1_PERSIST names another.
 */
export async function buildProxyOptions(
  persist: string | undefined = process.env.PORTAL_D1_PERSIST,
  source = 'wrangler.toml',
): Promise<NonNullable<Parameters<typeof getPlatformProxy>[0]>> {
  // Loaded when used: wrangler is a build-time tool and must stay out of anything else.
  const wrangler = await import('wrangler');
  const { rawConfig } = ReadRawConfig.parse(wrangler.experimental_readRawConfig)({ config: source });
  const withoutAssets = (section: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(section).filter(([key]) => key !== 'assets'));
  const config = withoutAssets(rawConfig);
  const { main, env: environments } = rawConfig;
  if (typeof main === 'string') config['main'] = resolve(dirname(source), main);
  const envs: Record<string, unknown> = {};
  const named: Record<string, unknown> =
    typeof environments === 'object' && environments !== null ? { ...environments } : {};
  for (const [name, env] of Object.entries(named))
    if (typeof env === 'object' && env !== null) envs[name] = withoutAssets(env);
  config['env'] = envs;
  const target = join(dirname(source), PROXY_CONFIG);
  mkdirSync(dirname(target), { recursive: true });
  // Written whole, then renamed: another build starting at the same time never reads half a file.
  const staged = `${target}.${process.pid}`;
  writeFileSync(staged, JSON.stringify(config, null, 2));
  renameSync(staged, target);
  const remote = process.env.PORTAL_D1 === 'remote';
  return {
    configPath: target,
    ...(remote ? { environment: 'production', remoteBindings: true } : { remoteBindings: false }),
    persist: { path: resolve(persist ?? '.wrangler/state/v3') },
  };
}

interface Held {
  db: D1Database;
  /** R2 (FILES): the open-data history of earlier publishes (site/lib/records/snapshot-store.ts). */
  files: R2Bucket;
  dispose: () => Promise<void>;
}

// Astro may load this module more than once (config and content layer), so the connection
// lives on globalThis and is shared.
const KEY = Symbol.for('deputy-portal.build-database');
type Slot = { pending?: Promise<Held> };
const slot: Slot = ((globalThis as Record<symbol, unknown>)[KEY] as Slot | undefined) ?? {};
(globalThis as Record<symbol, unknown>)[KEY] = slot;

export async function getBuildDatabase(): Promise<D1Database> {
  slot.pending ??= (async () => {
    const { getPlatformProxy } = await import('wrangler');
    const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>(await buildProxyOptions());
    return { db: proxy.env.DB, files: proxy.env.FILES, dispose: proxy.dispose };
  })();
  return (await slot.pending).db;
}

/** The R2 bucket of the same environment as getBuildDatabase (local, or production when remote). */
export async function getBuildFiles(): Promise<R2Bucket> {
  await getBuildDatabase();
  const pending = slot.pending;
  if (!pending) throw new Error('build database not open');
  return (await pending).files;
}

export async function releaseBuildDatabase(): Promise<void> {
  const pending = slot.pending;
  slot.pending = undefined;
  if (pending) await (await pending).dispose();
}
