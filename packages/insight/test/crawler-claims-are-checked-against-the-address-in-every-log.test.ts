// A Googlebot user agent is easy to send from anywhere; the middleware checks the address against Google's published
// ranges and flags the rest as fake crawlers. Insight classified the lines of a plain access log (and records from
// other loggers) by request and user agent only, so a fake Googlebot there counted as Googlebot and was no attacker.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, combinedLine, holdsAddress, tempDir } from './helpers/records.js';
import { requestRecord, writeLog } from './support/site-logs.js';
import { SITE, caddyLine } from './support/server-json-logs.js';
import type { Report } from '../src/report/build-report.js';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const GENUINE = '66.249.66.1'; // in Google's published Googlebot ranges
const FAKE = '203.0.113.41';
const PAGES = ['/', '/courses', '/about'];

/** The same pages fetched by Googlebot from Google's address and from another, and a human in between. */
function combinedLog(): string {
  const lines = PAGES.flatMap((target, i) => [
    combinedLine({ ip: GENUINE, second: i * 3, target, status: 200, ua: GOOGLEBOT }),
    combinedLine({
      ip: '198.51.100.7',
      second: i * 3 + 1,
      target,
      status: 200,
      ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    }),
    combinedLine({ ip: FAKE, second: i * 3 + 2, target, status: 200, ua: GOOGLEBOT }),
  ]);
  const dir = join(tempDir(), 'combined');
  mkdirSync(dir);
  writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
  return dir;
}

async function reportOf(dir: string): Promise<Report> {
  const run = await cli(['report', dir, '--json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as Report;
}

async function crawlerRows(dir: string): Promise<{ ip: string; reason: string; fake: boolean }[]> {
  const run = await cli([
    'sql',
    `SELECT DISTINCT ip, client_reason AS reason, list_contains(signals, 'fake-crawler') AS fake
     FROM requests WHERE kind = 'crawler' ORDER BY ip`,
    dir,
    '--json',
  ]);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as { ip: string; reason: string; fake: boolean }[];
}

function expectFakeFound(report: Report): void {
  expect(report.attackers.map((a) => [a.ip, a.verdict, a.rules])).toEqual([
    [FAKE, 'fake-crawler', ['fake-crawler']],
  ]);
  // Both still count as Googlebot's requests among the crawlers: the user agent says so.
  expect(report.clients.crawlers.by_name).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'Googlebot', hits: 6, clients: 2 })]),
  );
}

describe('a crawler claimed by the user agent', () => {
  it('in a combined log, is a fake crawler and an attacker when its address is not the operator’s', async () => {
    const dir = combinedLog();
    expectFakeFound(await reportOf(dir));
    expect(await crawlerRows(dir)).toEqual([
      { ip: FAKE, reason: 'bot (isbot); address outside published Googlebot ranges', fake: true },
      { ip: GENUINE, reason: 'bot (isbot); address in published Googlebot ranges', fake: false },
    ]);
  });

  it('in a JSON access log, likewise', async () => {
    const base = SITE[0]!;
    const lines = PAGES.flatMap((uri, i) => [
      caddyLine({ ...base, ip: GENUINE, peer: GENUINE, second: i * 2, uri, status: 200, ua: GOOGLEBOT }),
      caddyLine({ ...base, ip: FAKE, peer: FAKE, second: i * 2 + 1, uri, status: 200, ua: GOOGLEBOT }),
    ]);
    const dir = join(tempDir(), 'caddy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'access.json'), lines.join('\n') + '\n');
    const report = await reportOf(dir);
    expect(report.attackers.map((a) => [a.ip, a.verdict])).toEqual([[FAKE, 'fake-crawler']]);
    expect((await crawlerRows(dir)).map((r) => [r.ip, r.fake])).toEqual([
      [FAKE, true],
      [GENUINE, false],
    ]);
  });

  it('in records from a logger that does not classify clients, likewise', async () => {
    const dir = join(tempDir(), 'jsonl');
    const start = Date.parse('2026-11-22T10:00:00Z');
    const records = PAGES.flatMap((path, i) =>
      [GENUINE, FAKE].map((ip, j) => {
        const { client: _client, ...unclassified } = requestRecord({
          time: start + (i * 2 + j) * 1000,
          ip,
          ua: GOOGLEBOT,
          path,
        });
        return unclassified;
      }),
    );
    writeLog(join(dir, 'app.jsonl'), records);
    const report = await reportOf(dir);
    expect(report.attackers.map((a) => [a.ip, a.verdict])).toEqual([[FAKE, 'fake-crawler']]);
    expect((await crawlerRows(dir)).map((r) => [r.ip, r.fake])).toEqual([
      [FAKE, true],
      [GENUINE, false],
    ]);
  });

  it('keeps its verdict in an anonymised copy, whose addresses are all new', async () => {
    const dir = combinedLog();
    const copy = join(tempDir(), 'copy');
    mkdirSync(copy);
    const run = await cli(['anonymise', join(dir, 'access.log'), join(copy, 'access.log')]);
    expect(run.code, run.err).toBe(0);
    const text = readFileSync(join(copy, 'access.log'), 'utf8');
    expect(holdsAddress(text, GENUINE)).toBe(false);
    expect(holdsAddress(text, FAKE)).toBe(false);
    const report = await reportOf(copy);
    expect(report.attackers.map((a) => [a.verdict, a.rules])).toEqual([['fake-crawler', ['fake-crawler']]]);
    expect((await crawlerRows(copy)).map((r) => r.reason).sort()).toEqual([
      'bot (isbot); address in published Googlebot ranges',
      'bot (isbot); address outside published Googlebot ranges',
    ]);
  });

  it('is flagged alike by tail', async () => {
    const run = await cli(['tail', '-n', '9', combinedLog()]);
    expect(run.code, run.err).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes(FAKE)).every((l) => l.includes('fake-crawler'))).toBe(true);
    expect(lines.filter((l) => l.includes(FAKE))).toHaveLength(3);
    expect(lines.filter((l) => l.includes(GENUINE) && l.includes('fake-crawler'))).toEqual([]);
  });
});
