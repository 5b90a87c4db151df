import type { D1Database } from '@cloudflare/workers-types';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { buildProxyOptions } from '../../site/loaders/build-database.ts';

/**
 * The build reads D1 through wrangler's getPlatformProxy, which checks the static-assets folder of
 * the config it is given. A folder left by an earlier, larger build (a file over Workers' 25 MiB
 * limit) must not fail a build that writes elsewhere: the build's config names no assets.
 */

const dir = mkdtempSync(join(tmpdir(), 'build-proxy-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the build’s platform proxy', () => {
  it('opens the D1 even when the configured assets folder holds a file over 25 MiB', async () => {
    const config = join(dir, 'wrangler.toml');
    copyFileSync('wrangler.toml', config);
    // The earlier build's oversized asset (sparse: no 26 MiB written to disk).
    mkdirSync(join(dir, 'dist', 'client'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'client', 'suggestions.json'), '');
    truncateSync(join(dir, 'dist', 'client', 'suggestions.json'), 26 * 1024 * 1024);
    const persist = join(dir, 'state');

    // wrangler.toml as it is: refused.
    await expect(
      getPlatformProxy({ configPath: config, persist: { path: persist }, remoteBindings: false }),
    ).rejects.toThrow(/Asset too large/);

    // The build's config: the same bindings, no assets.
    const options = await buildProxyOptions(persist, config);
    const written = JSON.parse(readFileSync(options.configPath ?? '', 'utf8')) as Record<string, unknown>;
    expect(written).not.toHaveProperty('assets');
    expect(written['env']).toHaveProperty('production');
    expect(written['env']).not.toHaveProperty('production.assets');
    const proxy = await getPlatformProxy<{ DB: D1Database }>(options);
    try {
      expect(await proxy.env.DB.prepare('SELECT 41 + 1 AS n').first<{ n: number }>()).toEqual({ n: 42 });
    } finally {
      await proxy.dispose();
    }
  }, 60_000);
});
