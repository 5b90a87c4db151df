import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { astroMemoryEnv } from '../../scripts/build.ts';

/** The astro step's memory settings (scripts/build.ts): defaults, and what the caller's own win over. */
describe('astroMemoryEnv', () => {
  // The function also reads the process's own environment (a developer's NODE_OPTIONS): none here.
  beforeEach(() => {
    for (const name of [
      'NODE_OPTIONS',
      'PORTAL_BUILD_HEAP_MB',
      'MIMALLOC_PURGE_DELAY',
      'MIMALLOC_ARENA_EAGER_COMMIT',
    ])
      vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    {
      given: {},
      expected: {
        MIMALLOC_PURGE_DELAY: '0',
        MIMALLOC_ARENA_EAGER_COMMIT: '0',
        NODE_OPTIONS: '--max-old-space-size=1200 --max-semi-space-size=2',
      },
    },
    {
      given: { PORTAL_BUILD_HEAP_MB: '3000' },
      expected: {
        MIMALLOC_PURGE_DELAY: '0',
        MIMALLOC_ARENA_EAGER_COMMIT: '0',
        NODE_OPTIONS: '--max-old-space-size=3000 --max-semi-space-size=2',
      },
    },
    {
      given: { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=4096', MIMALLOC_PURGE_DELAY: '10' },
      expected: {
        MIMALLOC_ARENA_EAGER_COMMIT: '0',
        NODE_OPTIONS: '--enable-source-maps --max-old-space-size=4096 --max-semi-space-size=2',
      },
    },
    {
      given: { NODE_OPTIONS: '--max-semi-space-size=16', MIMALLOC_ARENA_EAGER_COMMIT: '2' },
      expected: {
        MIMALLOC_PURGE_DELAY: '0',
        NODE_OPTIONS: '--max-semi-space-size=16 --max-old-space-size=1200',
      },
    },
  ])('$given', ({ given, expected }) => {
    expect(astroMemoryEnv(given)).toEqual(expected);
  });

  it.each(['abc', '100', '1.5'])('refuses PORTAL_BUILD_HEAP_MB=%s', (value) => {
    expect(() => astroMemoryEnv({ PORTAL_BUILD_HEAP_MB: value })).toThrow(/PORTAL_BUILD_HEAP_MB/);
  });
});
