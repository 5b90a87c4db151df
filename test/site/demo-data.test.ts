/**
 * The demo data rules as the built pages show them (issue 13 §6). The rules themselves are checked
 * on the generated data in test/unit/demo-rules.test.ts; here only what the pages add.
 */
import { describe, expect, it } from 'vitest';
import { internalLinks, readBuilt } from './helpers/built.ts';

const deputyLink = /^\/deputies\/[a-z0-9-]+\/$/;

describe("a profile's 最后更新", () => {
  it('is the latest change the profile shows, not the election date', () => {
    const profiles = internalLinks(readBuilt('/deputies/status/serving/'))
      .filter((h) => deputyLink.test(h))
      .slice(0, 40);
    expect(profiles.length).toBeGreaterThan(10);
    let afterElection = 0;
    for (const path of profiles) {
      const html = readBuilt(path);
      const updated = /最后更新：(\d{4}-\d{2}-\d{2})/.exec(html)?.[1] ?? '';
      expect(updated, path).not.toBe('');
      // Duty activities print their date as text and datetime alike (so does the citation's
      // 数据截至 below 最后更新, which is left out).
      const record = html.slice(0, html.indexOf('class="updated'));
      const activities = [...record.matchAll(/<time datetime="(\d{4}-\d{2}-\d{2})">\1<\/time>/g)].map(
        (m) => m[1] ?? '',
      );
      const latest = activities.reduce((max, d) => (d > max ? d : max), '');
      expect(updated >= latest, `${path}: 最后更新 ${updated}, latest activity ${latest}`).toBe(true);
      // The election (the start of service) is the earliest date of the status history.
      const since = /<time datetime="(\d{4}-\d{2}-\d{2})">\d{4}年/.exec(html)?.[1] ?? '';
      if (since !== '' && updated > since) afterElection++;
    }
    expect(afterElection).toBeGreaterThan(profiles.length / 2);
  });
});
