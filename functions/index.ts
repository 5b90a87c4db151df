/**
 * The Worker (wrangler.toml `main`): the Hono app (API, staff console, form pages, preferences),
 * then Astro. `cf()` answers static assets and sets up Cloudflare's context for Astro; the edge
 * cache answers pages already rendered for the current publish version; `astro()` renders the
 * record pages (`prerender = false`) from D1 and the 404 page for unknown paths.
 */
import { cf } from '@astrojs/cloudflare/hono';
import { astro } from 'astro/hono';
import { createApp, workerOf } from './app.ts';
import { edgeCache } from './lib/edge-cache.ts';

export default workerOf(createApp([cf(), edgeCache, astro()]));
