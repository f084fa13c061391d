// What a crawler spends its visits on tells a site owner whether it reads the pages that matter: the report lists
// each crawler's five most fetched paths with their hits, most first (ties by path), and the terminal names the
// first of them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const BING = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';

describe("a crawler's most fetched paths", () => {
  it('are its five paths with the most hits, most first, in JSON and the terminal', async () => {
    const fetched: [string, number, number][] = [
      ['/g', 1, 200],
      ['/f', 1, 200],
      ['/e', 1, 200],
      ['/d', 2, 200],
      ['/c', 2, 404],
      ['/b', 3, 301],
      ['/a', 4, 200],
    ];
    let second = 0;
    const lines = fetched.flatMap(([target, times, status]) =>
      Array.from({ length: times }, () =>
        combinedLine({ ip: '157.55.39.1', second: second++, target, status, ua: BING }),
      ),
    );
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(log, lines.join('\n') + '\n');

    const run = await cli(['report', log, '--json']);
    expect(run.err).toBe('');
    const report = JSON.parse(run.out) as Report;
    expect(report.crawlers).toEqual([
      {
        name: 'bingbot',
        hits: 14,
        clients: 1,
        statuses: { '2xx': 9, '3xx': 3, '4xx': 2, '5xx': 0 },
        top_paths: [
          { path: '/a', hits: 4 },
          { path: '/b', hits: 3 },
          { path: '/c', hits: 2 },
          { path: '/d', hits: 2 },
          { path: '/e', hits: 1 },
        ],
      },
    ]);

    const text = (await cli(['report', log, '--no-color', '--width', '100'])).out.split('\n');
    const header = text.findIndex((l) => l.trimStart().startsWith('crawler '));
    expect(text[header]).toMatch(/most fetched$/);
    expect(text[header + 1]?.trim()).toMatch(/^bingbot +14 +1 +2 +\/a$/);
  });
});
