import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';
import { SITE, caddyLine, traefikLine } from './support/server-json-logs.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A line of Nginx's `log_format ... escape=json`, which writes `$status` quoted, as `"000"` when nothing was sent. */
const nginx = (second: number, path: string, status: string | number): string =>
  JSON.stringify({
    time_local: `22/Nov/2026:10:00:0${second} +0000`,
    remote_addr: `192.0.2.${second}`,
    request: `GET ${path} HTTP/1.1`,
    status,
    body_bytes_sent: '0',
    http_user_agent: UA,
  });

/**
 * A request answered with no status line: Nginx writes `000` (the client closed the connection first) or `009` (an
 * HTTP/0.9 request), Caddy `"status":0` and Traefik `"DownstreamStatus":0` when the client went away before the
 * response. Each log has one answered request (200) besides.
 */
const LOGS: [string, string[], { path: string; status: number }[]][] = [
  [
    'Nginx JSON',
    [nginx(1, '/ok', '200'), nginx(2, '/closed', '000'), nginx(3, '/old', '009'), nginx(4, '/gone', 0)],
    [
      { path: '/ok', status: 200 },
      { path: '/closed', status: 0 },
      { path: '/old', status: 9 },
      { path: '/gone', status: 0 },
    ],
  ],
  [
    'Caddy',
    [caddyLine(SITE[0]!), caddyLine({ ...SITE[1]!, status: 0, bytes: 0 })],
    [
      { path: '/', status: 200 },
      { path: '/shop', status: 0 },
    ],
  ],
  [
    'Traefik',
    [traefikLine(SITE[0]!), traefikLine({ ...SITE[1]!, status: 0, bytes: 0 })],
    [
      { path: '/', status: 200 },
      { path: '/shop', status: 0 },
    ],
  ],
];

describe('a JSON access-log line whose status says no response was sent', () => {
  it.each(LOGS)(
    '%s: is a request in status class 0xx, in the report and in tail, not a skipped line',
    async (_, lines, want) => {
      const dir = tempDir();
      const file = join(dir, 'access.json');
      writeFileSync(file, lines.join('\n') + '\n');
      const noAnswer = want.filter((w) => w.status < 100).length;

      const report = await cli(['report', dir, '--json']);
      expect(report.code, report.err).toBe(0);
      const r = JSON.parse(report.out) as {
        sources: { format: string }[];
        totals: { requests: number; errors: number };
        status: Record<string, number>;
        skipped: { count: number };
      };
      expect(r.sources.map((s) => s.format)).toEqual(['json-access']);
      expect(r.totals).toMatchObject({ requests: want.length, errors: 0 });
      expect(r.status).toEqual({ '0xx': noAnswer, '2xx': 1 });
      expect(r.skipped.count).toBe(0);

      const sql = await cli(['sql', 'SELECT path, status FROM requests ORDER BY ts', dir, '--json']);
      expect(sql.code, sql.err).toBe(0);
      expect(JSON.parse(sql.out)).toEqual(want);

      // the report's filters find them by the code as Nginx writes it, and by their class
      const closed = await cli(['report', dir, '--json', '--filter', 'status=000']);
      expect((JSON.parse(closed.out) as typeof r).totals.requests).toBe(
        want.filter((w) => w.status === 0).length,
      );
      const zeroClass = await cli(['report', dir, '--json', '--filter', 'status=0xx']);
      expect((JSON.parse(zeroClass.out) as typeof r).totals.requests).toBe(noAnswer);

      // tail shows each, in three digits
      const tail = await cli(['tail', file, '--no-color', '-n', '100']);
      expect(tail.code, tail.err).toBe(0);
      const shown = tail.out
        .trim()
        .split('\n')
        .map((l) => /\.\d{3} (\d+) [A-Z]+ (\/\S*)/.exec(l)?.slice(1));
      expect(shown).toEqual(want.map((w) => [String(w.status).padStart(3, '0'), w.path]));
      const tailClosed = await cli(['tail', file, '--no-color', '-n', '100', '--filter', 'status=0xx']);
      expect(tailClosed.out.trim().split('\n')).toHaveLength(noAnswer);
    },
  );

  it('other statuses below 100 are still no status', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.json'),
      [nginx(1, '/ok', '200'), nginx(2, '/a', '099'), nginx(3, '/b', 1), nginx(4, '/c', '010')].join('\n') +
        '\n',
    );
    const report = await cli(['report', dir, '--json']);
    const r = JSON.parse(report.out) as {
      totals: { requests: number };
      skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
    };
    expect(r.totals.requests).toBe(1);
    expect(r.skipped.count).toBe(3);
    expect(r.skipped.files[0]!.samples.map((s) => s.line)).toEqual([2, 3, 4]);
    const tail = await cli(['tail', join(dir, 'access.json'), '--no-color', '-n', '100']);
    expect(tail.out.trim().split('\n')).toHaveLength(1);
  });
});
