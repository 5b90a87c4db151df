import { describe, expect, it } from 'vitest';
import { pageQuery } from '../../functions/lib/edge-cache.ts';

describe('the edge cache key', () => {
  it.each([
    ['/deputies/x/', ''],
    ['/deputies/x/?bench=1', ''],
    ['/deputies/x/?utm_source=wx&from=timeline', ''],
    ['/search/?q=交通', `?q=${encodeURIComponent('交通')}`],
    ['/search/?page=2&q=a&n=123', '?page=2&q=a'],
    ['/search/?year=2025&kind=deputy&q=a', '?kind=deputy&q=a&year=2025'],
  ])('keeps only what a page reads: %s → "%s"', (path, expected) => {
    expect(pageQuery(new URL(path, 'https://portal.example'))).toBe(expected);
  });
});
