// @ts-check
import cloudflare from '@astrojs/cloudflare';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { sitemap } from './site/lib/sitemap.ts';
import { releaseBuildDatabase } from './site/loaders/build-database.ts';

// The public address is used for canonical URLs, feeds and the sitemap.
const site = process.env.PUBLIC_SITE_URL ?? 'http://localhost:8787';

export default defineConfig({
  site,
  srcDir: './site',
  publicDir: './site/public',
  // Tests build into their own folder so they never overwrite what `npm start` serves.
  outDir: process.env.PORTAL_OUT_DIR ?? './dist',
  // Separate caches let several builds (tests, a running `npm start`) run side by side.
  cacheDir: process.env.PORTAL_CACHE_DIR ?? './node_modules/.astro',
  trailingSlash: 'always',
  // Hubs, lists, statistics, feeds and open data are prerendered; record pages say
  // `prerender = false` and are rendered by the Worker from D1 (functions/index.ts).
  output: 'static',
  adapter: cloudflare({
    // The Worker of wrangler.toml (`main`): the Hono app, then Astro's pages.
    configPath: 'wrangler.toml',
    // Prerendering runs in Node: the content loaders read D1 through getPlatformProxy there.
    prerenderEnvironment: 'node',
    // `npm run dev` renders on-demand pages against the same local D1 as `wrangler dev`.
    // PORTAL_D1_PERSIST names the v3 folder (as getPlatformProxy takes it); the plugin wants its parent.
    ...(process.env.PORTAL_D1_PERSIST
      ? { persistState: { path: process.env.PORTAL_D1_PERSIST.replace(/[/\\]v3[/\\]?$/, '') } }
      : {}),
    remoteBindings: process.env.PORTAL_D1 === 'remote',
    imageService: 'passthrough',
  }),
  // No sessions: pages are public and the same for everybody (so they can be cached).
  session: false,
  build: { format: 'directory', inlineStylesheets: 'always' },
  compressHTML: true,
  devToolbar: { enabled: false },
  integrations: [
    mdx(),
    sitemap(),
    {
      // The content loaders share one local D1 connection (a workerd process); close it when
      // Astro is done so `astro build` and `astro check` exit.
      name: 'release-build-database',
      hooks: {
        'astro:build:done': releaseBuildDatabase,
        'astro:server:done': releaseBuildDatabase,
      },
    },
  ],
});
