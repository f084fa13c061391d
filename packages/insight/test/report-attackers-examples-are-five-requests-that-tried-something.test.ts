// An attacker's `examples` in the report: up to five requests, those that hit a rule of their own before those
// flagged only by a rule about the client (a scanner's user agent, a crawler's name from a wrong address), and a
// scanner whose requests hit no rule shows the pages it asked for (docs/insight.md, "Attackers").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/records.js';
import { requestRecord, writeLog, type SiteRecord } from './support/site-logs.js';
import type { Report } from '../src/report/build-report.js';

const START = Date.parse('2026-11-20T10:00:00Z');

const request = (
  ip: string,
  ua: string,
  kind: 'crawler' | 'scanner',
  seconds: number,
  path: string,
  signals: string[],
): SiteRecord => requestRecord({ time: START + seconds * 1000, ip, ua, kind, path, status: 404, signals });

async function examples(records: SiteRecord[]): Promise<Record<string, string[]>> {
  const dir = tempDir();
  writeLog(join(dir, 'app.jsonl'), records);
  const run = await cli(['report', dir, '--json']);
  expect(run.err).toBe('');
  return Object.fromEntries((JSON.parse(run.out) as Report).attackers.map((a) => [a.ip, a.examples]));
}

describe('an attacker’s examples in the report', () => {
  it('start with what a request tried, also for a fake crawler, and are five at most', async () => {
    const nikto = 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)';
    const fake = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    const secrets = ['/.env', '/.git/config', '/.aws/credentials', '/.htpasswd', '/.ssh/id_rsa', '/.npmrc'];
    const found = await examples([
      // Pages whose names sort before the secrets' are flagged only by the scanner's user agent.
      ...['/', '/about', '/contact'].map((path, i) =>
        request('203.0.113.40', nikto, 'scanner', i, path, ['scanner-user-agent']),
      ),
      ...secrets.map((path, i) =>
        request('203.0.113.40', nikto, 'scanner', 10 + i, path, ['scanner-user-agent', 'sensitive-file']),
      ),
      // A Googlebot from an address outside Google's ranges: every request is a fake crawler's.
      request('203.0.113.41', fake, 'crawler', 0, '/', ['fake-crawler']),
      request('203.0.113.41', fake, 'crawler', 1, '/.env', ['fake-crawler', 'sensitive-file']),
    ]);
    expect(found).toEqual({
      '203.0.113.40': ['/.aws/credentials', '/.env', '/.git/config', '/.htpasswd', '/.npmrc'],
      '203.0.113.41': ['/.env', '/'],
    });
  });

  it('are the pages a scanner asked for when none of its requests hit a rule', async () => {
    const found = await examples([
      request('203.0.113.42', 'masscan/1.3', 'scanner', 0, '/', []),
      request('203.0.113.42', 'masscan/1.3', 'scanner', 1, '/index.html', []),
    ]);
    expect(found).toEqual({ '203.0.113.42': ['/', '/index.html'] });
  });
});
