import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

/** A 400 line with the request line `request`, at second `s`. */
const line = (s: number, request: string): string =>
  `192.0.2.${s} - - [22/Nov/2026:10:00:0${s} +0000] "${request}" 400 0 "-" "curl/8.5.0"`;

/** Request lines with no method or no target (Nginx logs `""` for a connection that sent nothing), as read. */
const CASES: [request: string, method: string, path: string, query: string | null][] = [
  ['', '-', '-', null],
  ['-', '-', '-', null],
  [' / HTTP/1.1', '-', '/', null],
  ['GET  HTTP/1.1', 'GET', '-', null],
  // a query alone: the path is empty, as logged (an anonymised copy keeps the target as it was)
  ['GET ?q=1 HTTP/1.1', 'GET', '', 'q=1'],
  ['GET / HTTP/1.1', 'GET', '/', null],
];

describe('an access line whose request has no method or no path', () => {
  it('reads `-` for what is missing, alike in the report, its filters and tail', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, CASES.map(([request], i) => line(i + 1, request)).join('\n') + '\n');

    const sql = await cli(['sql', 'SELECT "method", path, query FROM requests ORDER BY ts', dir, '--json']);
    expect(sql.code, sql.err).toBe(0);
    expect(JSON.parse(sql.out)).toEqual(CASES.map(([, method, path, query]) => ({ method, path, query })));

    // tail shows the method and the path (the one with an empty path aside: it shows nothing for it)
    const tail = await cli(['tail', file, '--no-color', '-n', '100']);
    const withPath = (_: unknown, i: number): boolean => CASES[i]![2] !== '';
    expect(
      tail.out
        .trim()
        .split('\n')
        .filter(withPath)
        .map((l) => /\.000 400 (\S+) (\S+) /.exec(l)?.slice(1)),
    ).toEqual(CASES.filter(withPath).map(([, method, path]) => [method, path]));

    for (const filter of ['method=-', 'path=-']) {
      const report = await cli(['report', dir, '--json', '--filter', filter]);
      const requests = (JSON.parse(report.out) as { totals: { requests: number } }).totals.requests;
      const tailed = await cli(['tail', file, '--no-color', '-n', '100', '--filter', filter]);
      const key = filter.startsWith('method') ? 1 : 2;
      const want = CASES.filter((c) => c[key] === '-').length;
      expect([requests, tailed.out.trim().split('\n').length], filter).toEqual([want, want]);
    }
  });
});
