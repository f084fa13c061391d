import { describe, it, expect } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';
import { startDashboard } from '../src/serve/start-dashboard.js';

const PROBER = 'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0';
/** One line of an Nginx `log_format ... escape=json` access log. */
const entry = (second: number, ip: string, request: string, status: number, extra: object = {}): string =>
  JSON.stringify({
    time_local: `22/Nov/2026:10:00:${String(second).padStart(2, '0')} +0000`,
    remote_addr: ip,
    request,
    status: String(status),
    body_bytes_sent: '5',
    http_referer: '-',
    http_user_agent: PROBER,
    request_time: '0.012',
    ...extra,
  }) + '\n';

describe('a JSON access log', () => {
  it('is printed by tail as the access line it stands for, classified, with its request time', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.json'), entry(1, '192.0.2.7', 'GET /wp-login.php HTTP/1.1', 404));
    const r = await cli(['tail', dir, '--no-color']);
    expect(r.out).toMatch(
      /^2026-11-22 10:00:01\.000 404 GET \/wp-login\.php 12 ms human:Firefox 4 192\.0\.2\.7 \[[^\]]*wordpress-probe/,
    );
  });

  it('is followed by the dashboard: appended entries are counted', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.json');
    writeFileSync(file, entry(1, '192.0.2.7', 'GET / HTTP/1.1', 200));
    const d = await startDashboard({ sources: [dir], port: 0, pollMs: 50 });
    try {
      const requests = async (): Promise<number> =>
        (
          (await (await fetch(new URL('/api/report', d.url))).json()) as {
            report: { totals: { requests: number } };
          }
        ).report.totals.requests;
      expect(await requests()).toBe(1);
      appendFileSync(file, entry(2, '192.0.2.8', 'GET /courses HTTP/1.1', 200));
      let counted = 1;
      await waitUntil(
        'the dashboard to count the appended entry',
        async () => (counted = await requests()) >= 2,
        { seen: () => `${counted} requests`, every: 50 },
      );
      expect(await requests()).toBe(2);
    } finally {
      await d.close();
    }
  });

  it('is anonymised key by key: same keys, no original address, user, token or cookie, and the same report', async () => {
    const dir = tempDir();
    const input = join(dir, 'in', 'access.json');
    const log =
      entry(1, '192.0.2.7', 'GET /reset?token=s3cr3t-t0ken&page=2 HTTP/1.1', 200, {
        remote_user: 'alice',
        http_cookie: 'session=abc123',
        http_x_forwarded_for: '198.51.100.9, 10.0.0.1',
        http_referer: 'https://mail.example/?email=alice@example.com',
      }) + entry(2, '192.0.2.7', 'GET /wp-login.php HTTP/1.1', 404);
    mkdirSync(join(dir, 'in'));
    writeFileSync(input, log);
    const out = join(dir, 'out');
    expect((await cli(['anonymise', join(dir, 'in'), out])).code).toBe(0);
    const copy = readFileSync(join(out, 'access.json'), 'utf8');
    for (const original of [
      '192.0.2.7',
      'alice',
      's3cr3t-t0ken',
      'abc123',
      '198.51.100.9',
      'alice@example.com',
    ])
      expect(copy).not.toContain(original);
    const lines = copy
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(Object.keys(lines[0]!)).toEqual(Object.keys(JSON.parse(log.split('\n')[0]!) as object));
    expect(lines[0]!.http_cookie).toBe('-');
    expect(lines[0]!.request).toMatch(/^GET \/reset\?token=[^&]+&page=2 HTTP\/1\.1$/);
    // the copy reports what the original does, client for client
    const report = async (source: string): Promise<unknown> => {
      const r = JSON.parse((await cli(['report', source, '--json'])).out) as Record<string, unknown>;
      return [r.totals, r.status, (r.attackers as { requests: number }[]).map((a) => a.requests)];
    };
    expect(await report(out)).toEqual(await report(join(dir, 'in')));
  });
});
