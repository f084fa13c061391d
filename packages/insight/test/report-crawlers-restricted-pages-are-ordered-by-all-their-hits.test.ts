// The restricted pages table is one row per page, most asked for first: a page three crawlers each fetched twice
// (six hits) is a bigger fix than one a single crawler fetched three times, though no one crawler asked for it as
// often. Pages asked for as often are listed by path.
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, webRequest, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

let second = 0;
const fetches = (name: string, path: string, times: number): Rec[] =>
  Array.from({ length: times }, () =>
    webRequest(
      second++,
      { path, status: 401, auth_required: true, ua: `Mozilla/5.0 (compatible; ${name})` },
      { kind: 'crawler', name },
    ),
  );

describe('pages crawlers were refused', () => {
  it('are ordered by the hits of all their crawlers, then by path', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      ...fetches('Googlebot', '/one-crawler', 3),
      ...fetches('bingbot', '/three-crawlers', 2),
      ...fetches('GPTBot', '/three-crawlers', 2),
      ...fetches('Googlebot', '/three-crawlers', 2),
      // One hit each: bingbot's row comes first among them, but /a-page sorts first by path.
      ...fetches('bingbot', '/b-page', 1),
      ...fetches('GPTBot', '/a-page', 1),
    ]);
    const run = await cli(['report', dir, '--json']);
    expect(run.err).toBe('');
    const pages = (JSON.parse(run.out) as Report).crawlers_restricted_pages;
    expect(pages.map((p) => [p.path, p.hits, p.crawlers])).toEqual([
      ['/three-crawlers', 6, ['bingbot', 'Googlebot', 'GPTBot']],
      ['/one-crawler', 3, ['Googlebot']],
      ['/a-page', 1, ['GPTBot']],
      ['/b-page', 1, ['bingbot']],
    ]);
  });
});
