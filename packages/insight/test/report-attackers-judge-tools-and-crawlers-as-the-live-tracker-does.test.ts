// The report replays each suspect client's requests through @logbook/traffic's tracker to give it the verdict and
// tool the live middleware would have. The replay left out why a client got its kind, which the tracker reads
// twice: a tool's name (curl, python-requests) is the attacker's tool, and a crawler whose address the middleware
// found in its operator's published ranges is not probing when it follows dead links. So the report named no tool for an
// attack sent with curl, and called Googlebot from Google's own address a prober.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, combinedLine, tempDir } from './helpers/records.js';
import { checkRecord, requestRecord, writeLog, type SiteRecord } from './support/site-logs.js';
import type { Report } from '../src/report/build-report.js';

const START = Date.parse('2026-11-20T10:00:00Z');
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

async function attackersOf(lines: string[]): Promise<Report['attackers']> {
  const dir = tempDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, lines.join('\n') + '\n');
  const run = await cli(['report', log, '--json']);
  expect(run.err).toBe('');
  return (JSON.parse(run.out) as Report).attackers;
}

describe('an attacker in the report', () => {
  it('is named by the tool it was sent with', async () => {
    const sqli = "/search?q=1'%20OR%20'1'='1";
    const found = await attackersOf([
      combinedLine({ ip: '203.0.113.20', second: 1, target: sqli, status: 200, ua: 'curl/8.5.0' }),
      combinedLine({ ip: '203.0.113.20', second: 2, target: sqli, status: 200, ua: 'curl/8.5.0' }),
    ]);
    expect(found.map((a) => [a.ip, a.verdict, a.tool])).toEqual([['203.0.113.20', 'exploit', 'curl']]);
  });

  it('is no prober when it is a crawler the middleware verified, following dead links', async () => {
    // Googlebot, its address checked against Google's published ranges by the middleware, follows a link someone
    // wrote with an injection in it, then a dozen links to pages the site no longer has.
    const googlebot = (seconds: number, path: string, status: number, signals: string[]): SiteRecord =>
      checkRecord({
        ...requestRecord({
          time: START + seconds * 1000,
          ip: '66.249.66.1',
          ua: GOOGLEBOT,
          path,
          status,
          signals,
        }),
        client: {
          kind: 'crawler',
          name: 'Googlebot',
          reason: 'bot (isbot); address in published Googlebot ranges',
        },
      });
    const dir = tempDir();
    writeLog(join(dir, 'app.jsonl'), [
      googlebot(0, '/search', 200, ['sql-injection']),
      ...Array.from({ length: 12 }, (_, i) => googlebot(1 + i, `/old-${i}`, 404, ['not-found-probe'])),
    ]);
    const run = await cli(['report', dir, '--json']);
    const found = (JSON.parse(run.out) as Report).attackers;
    expect(found.map((a) => [a.ip, a.kind, a.verdict, a.tool])).toEqual([
      ['66.249.66.1', 'crawler', 'suspicious', null],
    ]);
  });
});
