// The overview says how many clients of each kind the Attackers section lists. A prober that claims to be
// Googlebot is a crawler by its user agent (a plain access log has no address check), and one sent with curl is an
// unknown client (an HTTP tool): each counts among the attackers of its own kind, not of another.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';

describe('the overview of probers dressed as a crawler and sent with a tool', () => {
  it('counts each among the attackers of its kind', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    const sqli = "/search?q=1'%20OR%20'1'='1";
    writeFileSync(
      log,
      [
        combinedLine({ ip: '198.51.100.1', second: 1, target: '/', status: 200, ua: CHROME }),
        combinedLine({ ip: '203.0.113.5', second: 2, target: '/wp-login.php', status: 404, ua: GOOGLEBOT }),
        combinedLine({ ip: '203.0.113.5', second: 3, target: '/wp-admin/', status: 404, ua: GOOGLEBOT }),
        combinedLine({ ip: '203.0.113.5', second: 4, target: '/xmlrpc.php', status: 404, ua: GOOGLEBOT }),
        combinedLine({ ip: '203.0.113.20', second: 5, target: sqli, status: 200, ua: 'curl/8.5.0' }),
        combinedLine({ ip: '203.0.113.20', second: 6, target: sqli, status: 200, ua: 'curl/8.5.0' }),
      ].join('\n') + '\n',
    );
    const run = await cli(['report', log, '--json']);
    expect(run.err).toBe('');
    const report = JSON.parse(run.out) as Report;
    expect(report.attackers.map((a) => [a.ip, a.kind]).sort()).toEqual([
      ['203.0.113.20', 'unknown'],
      ['203.0.113.5', 'crawler'],
    ]);
    expect(report.clients.humans).toEqual({ hits: 1, clients: 1, attackers: 0 });
    expect(report.clients.crawlers).toMatchObject({ hits: 3, clients: 1, attackers: 1 });
    expect(report.clients.scanners).toEqual({ hits: 0, clients: 0, attackers: 0 });
    expect(report.clients.unknown).toMatchObject({ hits: 2, clients: 1, attackers: 1 });
  });
});
