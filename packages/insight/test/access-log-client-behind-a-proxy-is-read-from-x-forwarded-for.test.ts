// A site behind a load balancer or an ingress logs the proxy as the peer and the client in X-Forwarded-For (the
// official Nginx image's `main` format). Read as logged, such a log had one client, and a Googlebot through the
// proxy became "Googlebot from a private address", a fake crawler. The client is now read from the header when the
// peer is a proxy of the site's own network, and only then: a peer on the internet is the client whatever it sends.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cli, holdsAddress, tempDir } from './helpers/records.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import type { Report } from '../src/report/build-report.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

function line(peer: string, second: number, path: string, ua: string, xff?: string): string {
  const time = `22/Nov/2026:10:00:${String(second % 60).padStart(2, '0')} +0000`;
  return `${peer} - - [${time}] "GET ${path} HTTP/1.1" 200 512 "-" "${ua}"${xff === undefined ? '' : ` "${xff}"`}`;
}

function logOf(lines: string[]): string {
  const dir = join(tempDir(), 'logs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
  return dir;
}

async function clients(dir: string): Promise<{ ip: string; kind: string; fake: boolean }[]> {
  const r = await cli([
    'sql',
    `SELECT DISTINCT ip, kind, list_contains(signals, 'fake-crawler') AS fake FROM requests ORDER BY ip`,
    dir,
    '--json',
  ]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { ip: string; kind: string; fake: boolean }[];
}

/** The address tail shows on each line, in order. */
async function tailed(dir: string, n: number): Promise<string[]> {
  const r = await cli(['tail', '-n', String(n), dir]);
  expect(r.code, r.err).toBe(0);
  return r.out
    .trimEnd()
    .split('\n')
    .map((l) => l.split(' ').at(-1)!);
}

describe('the client of an access line with X-Forwarded-For', () => {
  it('behind a proxy of the site’s own network, is the last address in the header outside it', async () => {
    const dir = logOf([
      line('10.0.0.2', 1, '/', FIREFOX, '198.51.100.4'),
      line('10.0.0.2', 2, '/courses', FIREFOX, '198.51.100.4'),
      // the client claimed 203.0.113.66 itself; the balancer appended who really connected, then a second proxy
      line('10.0.0.2', 3, '/', FIREFOX, '203.0.113.66, 198.51.100.9, 10.0.0.7'),
      line('10.0.0.2', 4, '/', GOOGLEBOT, '66.249.66.1'),
      line('172.17.0.1', 5, '/about', FIREFOX, '2001:db8::7'),
      // a client inside the network, through the proxy
      line('127.0.0.1', 6, '/admin', FIREFOX, '192.168.1.20'),
    ]);
    expect(await clients(dir)).toEqual([
      { ip: '192.168.1.20', kind: 'human', fake: false },
      { ip: '198.51.100.4', kind: 'human', fake: false },
      { ip: '198.51.100.9', kind: 'human', fake: false },
      { ip: '2001:db8::7', kind: 'human', fake: false },
      { ip: '66.249.66.1', kind: 'crawler', fake: false },
    ]);
    expect(await tailed(dir, 6)).toEqual([
      '198.51.100.4',
      '198.51.100.4',
      '198.51.100.9',
      '66.249.66.1',
      '2001:db8::7',
      '192.168.1.20',
    ]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.totals.clients).toBe(5);
    expect(report.attackers).toEqual([]);
  });

  it('is the same client in an anonymised copy, whose addresses are all new', async () => {
    const dir = logOf([
      line('10.0.0.2', 1, '/', FIREFOX, '203.0.113.66, 198.51.100.9, 10.0.0.7'),
      line('10.0.0.2', 2, '/a', FIREFOX, '198.51.100.9'),
      line('::1', 3, '/b', FIREFOX, '198.51.100.4'),
      line('10.0.0.2', 4, '/', GOOGLEBOT, '66.249.66.1'),
      line('203.0.113.41', 5, '/', GOOGLEBOT, '66.249.66.1'),
    ]);
    const copy = join(tempDir(), 'copy');
    mkdirSync(copy);
    const run = await cli(['anonymise', join(dir, 'access.log'), join(copy, 'access.log')]);
    expect(run.code, run.err).toBe(0);
    const text = readFileSync(join(copy, 'access.log'), 'utf8');
    for (const ip of [
      '10.0.0.2',
      '203.0.113.66',
      '198.51.100.9',
      '10.0.0.7',
      '198.51.100.4',
      '66.249.66.1',
      '203.0.113.41',
    ])
      expect(holdsAddress(text, ip), ip).toBe(false);
    const kinds = (found: { ip: string; kind: string; fake: boolean }[]): string[] =>
      found.map((c) => `${c.kind} ${c.fake}`).sort();
    const original = await clients(dir);
    expect(original.map((c) => c.ip).sort()).toEqual([
      '198.51.100.4',
      '198.51.100.9',
      '203.0.113.41',
      '66.249.66.1',
    ]);
    const copied = await clients(copy);
    expect(copied).toHaveLength(4);
    expect(kinds(copied)).toEqual(kinds(original));
    // the proxy's client is the pseudonym of the address the header named, as anonymise wrote it there
    const lines = text.trimEnd().split('\n');
    expect(copied.map((c) => c.ip)).toContain(/"([^"]*)"$/.exec(lines[1]!)![1]);
  });

  it('from a peer on the internet, is the peer: a header it sends is not believed', async () => {
    const dir = logOf([
      line('203.0.113.41', 1, '/', GOOGLEBOT, '66.249.66.1'),
      line('198.51.100.4', 2, '/', FIREFOX, '10.0.0.5'),
    ]);
    expect(await clients(dir)).toEqual([
      { ip: '198.51.100.4', kind: 'human', fake: false },
      { ip: '203.0.113.41', kind: 'crawler', fake: true },
    ]);
  });

  it('is the peer when the header names no address it can take', async () => {
    const dir = logOf([
      line('10.0.0.2', 1, '/', FIREFOX, 'unknown'),
      line('10.0.0.2', 5, '/d', FIREFOX, '203.0.113.5:4711'),
      line('10.0.0.2', 6, '/e', FIREFOX, '[2001:db8::1]:443'),
      line('10.0.0.2', 2, '/a', FIREFOX, 'client.example:443'),
      line('10.0.0.2', 3, '/b', FIREFOX, '-'),
      line('10.0.0.2', 4, '/c', FIREFOX, ''),
    ]);
    expect((await clients(dir)).map((c) => c.ip)).toEqual(['10.0.0.2']);
  });

  it('is read alike by the report and by tail, whatever the header holds', async () => {
    const hop = fc.oneof(
      fc.constantFrom('198.51.100.4', '10.0.0.9', '192.168.0.3', '172.31.255.1', '100.64.0.1', '127.0.0.1'),
      fc.constantFrom('::1', 'fd00::1', 'fe80::1', '2001:db8::5', '::ffff:10.1.1.1', '::ffff:203.0.113.5'),
      fc.constantFrom('unknown', '-', '', 'host:80', '1.2.3.4:5678', '[2001:db8::1]', '_hidden'),
    );
    const header = fc
      .tuple(fc.array(hop, { minLength: 1, maxLength: 4 }), fc.constantFrom(',', ', ', ' ,\t'))
      .map(([hops, sep]) => hops.join(sep));
    const peer = fc.constantFrom('10.0.0.2', '172.16.0.1', '127.0.0.1', '::1', 'fd12:3456::1', '203.0.113.8');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(peer, header), { minLength: 1, maxLength: 12 }), async (lines) => {
        const dir = logOf(lines.map(([p, h], i) => line(p, i, `/p${i}`, FIREFOX, h)));
        const r = await cli(['sql', 'SELECT ip FROM requests ORDER BY ts', dir, '--json']);
        const byReport = (JSON.parse(r.out) as { ip: string }[]).map((row) => row.ip);
        expect(byReport).toEqual(await tailed(dir, lines.length));
      }),
      propertyRuns(15),
    );
  });
});
