/**
 * The one place that says how `wrangler dev` is started, for npm start and for the tests and bench
 * that start their own portal. wrangler keeps local D1/R2 beside the configuration file it is
 * given, so serving the built Worker (dist/server/wrangler.json) without --persist-to would open an
 * empty database under dist/server/.wrangler: the persist directory is therefore required.
 */

/** Where npm start, the migrations, the demo loader and the build keep the local D1 and R2. */
export const LOCAL_STATE_DIR = '.wrangler/state';

export interface WranglerDevOptions {
  /** Persist directory of the local D1 and R2 (the parent of v3/). */
  persistTo: string;
  port: number | string;
  /** Another wrangler configuration file (default: wrangler.toml), e.g. the built Worker's. */
  config?: string;
  /** Static assets to serve (a built site), replacing the configuration's assets directory. */
  assets?: string;
  /** Variables passed with --var (e.g. where the Worker's publish calls the build hook). */
  vars?: Readonly<Record<string, string>>;
}

export function wranglerDevArgs(options: WranglerDevOptions): string[] {
  const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(options.port)];
  args.push('--persist-to', options.persistTo);
  if (options.config) args.push('--config', options.config);
  if (options.assets) args.push('--assets', options.assets);
  for (const [name, value] of Object.entries(options.vars ?? {})) args.push('--var', `${name}:${value}`);
  args.push('--show-interactive-dev-session=false');
  return args;
}
