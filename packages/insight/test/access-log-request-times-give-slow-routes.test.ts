import { describe, it, expect } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import { startDashboard } from '../src/serve/start-dashboard.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
/** A combined line followed by `after`, as a server configured to log the time taken writes it. */
const line = (s: number, path: string, after: string): string =>
  combinedLine({ ip: `192.0.2.${s}`, second: s, target: path, status: 200, ua: UA, after: ` ${after}` }) +
  '\n';

interface SlowRoute {
  route: string;
  by: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
const report = async (args: string[]): Promise<SlowRoute[]> => {
  const r = await cli(['report', ...args, '--json']);
  expect(r.err).toBe('');
  return (JSON.parse(r.out) as { slow_routes: SlowRoute[] }).slow_routes;
};

describe('request times written after the user agent', () => {
  it("give Nginx logs slow routes, from $request_time's seconds", async () => {
    const dir = tempDir();
    // $request_time, then $upstream_response_time (only the first number is the request's)
    const log = [
      line(1, '/search', '1.250 1.249'),
      line(2, '/search', '0.750 0.749'),
      line(3, '/', '0.004 0.003'),
    ];
    writeFileSync(join(dir, 'access.log'), log.join(''));
    expect(await report([dir])).toEqual([
      { route: 'GET /search', by: 'path', count: 2, p50: 1000, p95: 1225, p99: 1245, max: 1250 },
      { route: 'GET /', by: 'path', count: 1, p50: 4, p95: 4, p99: 4, max: 4 },
    ]);
    const text = await cli(['report', dir, '--no-color']);
    expect(text.out).toMatch(/GET \/search +2 +1,000\.0 +1,225\.0 +1,245\.0/);
  });

  it("read Apache's whole numbers only in the unit the user names, and say how when none is named", async () => {
    const dir = tempDir();
    // %D: microseconds. Read as seconds or milliseconds these would be wrong by 1000× or more, so auto leaves them.
    writeFileSync(join(dir, 'access.log'), line(1, '/report', '2500000') + line(2, '/', '1500'));
    expect(await report([dir])).toEqual([]);
    const text = await cli(['report', dir, '--no-color']);
    expect(text.out).toContain('no durations recorded (for access logs see --request-time)');
    expect(await report([dir, '--request-time', 'us'])).toEqual([
      { route: 'GET /report', by: 'path', count: 1, p50: 2500, p95: 2500, p99: 2500, max: 2500 },
      { route: 'GET /', by: 'path', count: 1, p50: 1.5, p95: 1.5, p99: 1.5, max: 1.5 },
    ]);
    const sql = await cli([
      'sql',
      'SELECT sum(duration_ms) AS ms FROM requests',
      dir,
      '--request-time',
      's',
      '--json',
    ]);
    expect(JSON.parse(sql.out)).toEqual([{ ms: 2_501_500_000 }]);
  });

  it('refuse a unit they do not know, naming the ones they do', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), line(1, '/', '0.1'));
    const r = await cli(['report', dir, '--request-time', 'seconds']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--request-time seconds: expected one of auto, s, ms, us, none');
  });

  it('are read the same way from lines the dashboard follows', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), line(1, '/', '1500'));
    const d = await startDashboard({ sources: [dir], port: 0, pollMs: 50, requestTime: 'us' });
    try {
      const slow = async (): Promise<SlowRoute[]> => {
        const body = (await (await fetch(new URL('/api/report', d.url))).json()) as {
          report: { slow_routes: SlowRoute[] };
        };
        return body.report.slow_routes;
      };
      expect((await slow()).map((r) => [r.route, r.max])).toEqual([['GET /', 1.5]]);
      appendFileSync(join(dir, 'access.log'), line(2, '/late', '3000000'));
      let routes: SlowRoute[] = [];
      await waitUntil(
        'the dashboard to count the appended /late line',
        async () => {
          routes = await slow();
          return routes.length >= 2;
        },
        { seen: () => JSON.stringify(routes), every: 50 },
      );
      expect(routes.map((r) => [r.route, r.max])).toEqual([
        ['GET /late', 3000],
        ['GET /', 1.5],
      ]);
    } finally {
      await d.close();
    }
  });
});
