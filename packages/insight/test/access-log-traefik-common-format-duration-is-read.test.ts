import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * Lines as Traefik's `accessLog.format: common` writes them: after the user agent the count of requests since it
 * started, the router, the service URL (either `"-"` when unknown, the count `-`) and the duration in whole ms.
 */
const traefik = (s: number, target: string, after: string): string =>
  `172.18.0.${s} - - [22/Nov/2026:10:00:0${s} +0000] "GET ${target} HTTP/2.0" 200 1532 "-" "${UA}" ${after}`;

const LINES = [
  traefik(1, '/api/orders/17', '1041 "shop@docker" "http://172.18.0.9:8080" 120ms'),
  traefik(2, '/api/orders/18', '1042 "shop@docker" "http://172.18.0.9:8080" 80ms'),
  traefik(3, '/health', '1043 "ping@internal" "-" 0ms'),
  traefik(4, '/favicon.ico', '- "-" "-" 3ms'),
  // a user name with a space: a line DuckDB's fast path leaves to the parser
  traefik(5, '/api/orders/19', '1044 "shop@docker" "http://172.18.0.9:8080" 1500ms').replace(
    '- - [',
    '- jane doe [',
  ),
];

interface SlowRoute {
  route: string;
  count: number;
  max: number;
}

describe("Traefik's common-format access log", () => {
  it('gives each request its duration in milliseconds, in slow routes and in tail, whatever unit is named', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, LINES.join('\n') + '\n');

    for (const unit of ['auto', 's', 'ms', 'us']) {
      const sql = await cli([
        'sql',
        'SELECT path, duration_ms FROM requests ORDER BY ts',
        dir,
        '--json',
        '--request-time',
        unit,
      ]);
      expect(JSON.parse(sql.out), unit).toEqual([
        { path: '/api/orders/17', duration_ms: 120 },
        { path: '/api/orders/18', duration_ms: 80 },
        { path: '/health', duration_ms: 0 },
        { path: '/favicon.ico', duration_ms: 3 },
        { path: '/api/orders/19', duration_ms: 1500 },
      ]);
    }
    const none = await cli([
      'sql',
      'SELECT count(duration_ms) AS n FROM requests',
      dir,
      '--json',
      '--request-time',
      'none',
    ]);
    expect(JSON.parse(none.out)).toEqual([{ n: '0' }]);

    const report = await cli(['report', dir, '--json']);
    const slow = (JSON.parse(report.out) as { slow_routes: SlowRoute[] }).slow_routes;
    expect(slow[0]).toMatchObject({ route: 'GET /api/orders/:n', count: 3, max: 1500 });

    const tail = await cli(['tail', file, '--no-color', '-n', '100']);
    expect(
      tail.out
        .trim()
        .split('\n')
        .map((l) => /GET (\S+) ([\d,.]+ ms)/.exec(l)?.slice(1)),
    ).toEqual([
      ['/api/orders/17', '120 ms'],
      ['/api/orders/18', '80 ms'],
      ['/health', '0.0 ms'],
      ['/favicon.ico', '3.0 ms'],
      ['/api/orders/19', '1,500 ms'],
    ]);

    // an anonymised copy keeps the durations
    const copy = join(tempDir(), 'access.log');
    expect((await cli(['anonymise', file, copy])).code).toBe(0);
    const again = await cli(['report', copy, '--json']);
    expect((JSON.parse(again.out) as { slow_routes: SlowRoute[] }).slow_routes).toEqual(slow);
  });
});
