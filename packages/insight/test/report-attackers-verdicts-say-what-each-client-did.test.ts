// An attacker's verdict in the report is what @logbook/traffic's tracker concludes from everything the client did
// (its requests in time order and its failed logins), as the live middleware would have; a client no scenario
// caught is "suspicious". No test read a verdict other than one the report would also guess from the client kind
// alone: Stryker could drop the whole replay unnoticed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/records.js';
import { checkRecord, iso, requestRecord, writeLog, type SiteRecord } from './support/site-logs.js';
import type { Report } from '../src/report/build-report.js';

const START = Date.parse('2026-11-20T10:00:00Z');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/** A request `seconds` after START by the client at `ip`, with the signals the middleware gave it. */
const hit = (
  ip: string,
  seconds: number,
  path: string,
  signals: string[],
  status = 404,
  ua = FIREFOX,
): SiteRecord => requestRecord({ time: START + seconds * 1000, ip, ua, path, status, signals });

const failedLogin = (ip: string, seconds: number): SiteRecord =>
  checkRecord({
    v: 1,
    host: 'shop-1',
    pid: 4100,
    time: iso(START + seconds * 1000),
    level: 'WARNING',
    channel: 'auth',
    msg: 'user.login_failed {user}',
    message: 'user.login_failed u-1',
    event: 'user.login_failed',
    user: { id: 'u-1' },
    request: { method: 'POST', path: '/login', ip, ua: FIREFOX },
  });

/** The attackers' addresses and verdicts, in the report's order. */
async function verdicts(records: SiteRecord[]): Promise<[string, string][]> {
  const dir = tempDir();
  writeLog(join(dir, 'app.jsonl'), records);
  const run = await cli(['report', dir, '--json']);
  expect(run.err).toBe('');
  const report = JSON.parse(run.out) as Report;
  return report.attackers.map((a) => [a.ip, a.verdict]);
}

describe('the verdict of an attacker in the report', () => {
  it('names the scenario the client’s requests filled, in a browser’s clothes too', async () => {
    const found = await verdicts([
      // Three WordPress pages within seconds.
      hit('203.0.113.1', 0, '/wp-login.php', ['wordpress-probe']),
      hit('203.0.113.1', 1, '/wp-admin/', ['wordpress-probe']),
      hit('203.0.113.1', 2, '/xmlrpc.php', ['wordpress-probe']),
      // One secret file asked for, then a dozen pages that are not there, a second apart.
      hit('203.0.113.2', 0, '/.env', ['sensitive-file']),
      ...Array.from({ length: 12 }, (_, i) => hit('203.0.113.2', 1 + i, `/page-${i}`, [], 404)),
      // The same three WordPress pages, an hour apart: no burst, so no scenario.
      hit('203.0.113.3', 0, '/wp-login.php', ['wordpress-probe']),
      hit('203.0.113.3', 3600, '/wp-admin/', ['wordpress-probe']),
      hit('203.0.113.3', 7200, '/xmlrpc.php', ['wordpress-probe']),
    ]);
    // Listed by verdict first: the prober with 13 requests, then the two with 3 each.
    expect(found).toEqual([
      ['203.0.113.2', 'probing'],
      ['203.0.113.3', 'suspicious'],
      ['203.0.113.1', 'wordpress-scan'],
    ]);
  });

  it('counts the client’s failed logins, which are no requests', async () => {
    const found = await verdicts([
      hit('203.0.113.4', 0, '/wp-login.php', ['wordpress-probe'], 200),
      ...Array.from({ length: 6 }, (_, i) => failedLogin('203.0.113.4', 1 + i)),
    ]);
    expect(found).toEqual([['203.0.113.4', 'brute-force']]);
  });

  it('is the tracker’s also for a client whose user agent is longer than the tracker keeps (512 characters)', async () => {
    // Payloads are sent in the User-Agent header too (Shellshock, Log4Shell): the tracker files such a client under
    // the start of it, and the report looked its verdict up under the whole, found none and said "suspicious".
    const long = `${FIREFOX} ${'x'.repeat(600)}`;
    const found = await verdicts([
      hit('203.0.113.5', 0, '/search', ['sql-injection'], 200, long),
      hit('203.0.113.5', 1, '/search', ['sql-injection'], 200, long),
    ]);
    expect(found).toEqual([['203.0.113.5', 'exploit']]);
  });

  it('is "scanner", with the scanner’s name as the tool, for a scanner no scenario caught', async () => {
    // The middleware knew masscan by its user agent; its two requests hit no rule, so the tracker has no verdict.
    const masscan = (seconds: number, path: string): SiteRecord =>
      checkRecord({
        ...requestRecord({ time: START + seconds * 1000, ip: '203.0.113.6', ua: 'masscan/1.3', path }),
        client: { kind: 'scanner', name: 'masscan' },
      });
    const dir = tempDir();
    writeLog(join(dir, 'app.jsonl'), [masscan(0, '/'), masscan(1, '/index.html')]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.attackers.map((a) => [a.ip, a.verdict, a.tool])).toEqual([
      ['203.0.113.6', 'scanner', 'masscan'],
    ]);
  });

  it('is the address’s for a prober that changes its user agent with every request, as the middleware says live', async () => {
    // One WordPress page per user agent never fills a client's bucket; the four from one address within seconds
    // fill the address's, and the live tracker answers each of these requests with that verdict.
    const found = await verdicts(
      ['/wp-login.php', '/wp-admin/', '/xmlrpc.php', '/wp-config.php'].map((path, i) =>
        hit(
          '203.0.113.7',
          i,
          path,
          ['wordpress-probe'],
          404,
          `Mozilla/5.0 (Windows NT 10.0; rv:${120 + i}.0) Firefox/${120 + i}.0`,
        ),
      ),
    );
    expect(found).toEqual(Array.from({ length: 4 }, () => ['203.0.113.7', 'wordpress-scan']));
  });

  it('is each client’s own when two clients of one address earned different ones', async () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0';
    const found = await verdicts([
      hit('203.0.113.8', 0, '/wp-login.php', ['wordpress-probe']),
      hit('203.0.113.8', 1, '/wp-admin/', ['wordpress-probe']),
      hit('203.0.113.8', 2, '/xmlrpc.php', ['wordpress-probe']),
      hit('203.0.113.8', 3, '/search', ['sql-injection'], 200, chrome),
      hit('203.0.113.8', 4, '/search', ['sql-injection'], 200, chrome),
    ]);
    expect(found).toEqual([
      ['203.0.113.8', 'exploit'],
      ['203.0.113.8', 'wordpress-scan'],
    ]);
  });
});
