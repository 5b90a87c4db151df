// @ts-check
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
