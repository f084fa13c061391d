import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, FIXTURE, generateRecords, tempDir, writeJsonl, assertValid } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const IPV4 = /(?<![\w./:-])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g;

describe('anonymise', () => {
  it('leaves no original IP in the real access log, keeps its format and its report figures', async () => {
    const out = join(tempDir(), 'anon.log');
    const r = await cli(['anonymise', FIXTURE, out]);
    expect(r.code).toBe(0);
    const original = readFileSync(FIXTURE, 'utf8');
    const copy = readFileSync(out, 'utf8');
    const ips = new Set(original.match(IPV4));
    expect(ips.size).toBeGreaterThan(1000);
    const left = [...new Set(copy.match(IPV4))].filter((ip) => ips.has(ip));
    expect(left).toEqual([]);
    const before = JSON.parse((await cli(['report', FIXTURE, '--json'])).out) as Report;
    const after = JSON.parse((await cli(['report', out, '--json'])).out) as Report;
    expect(after.totals.requests).toBe(before.totals.requests);
    expect(after.totals.clients).toBe(before.totals.clients); // consistent pseudonyms keep clients apart
    expect(after.clients.crawlers.hits).toBe(before.clients.crawlers.hits);
    expect(after.attackers.length).toBe(before.attackers.length);
  });

  it('replaces emails, user names and ids, IPs, query tokens and cookies in JSONL, consistently within a run', async () => {
    const dir = tempDir();
    const gen = generateRecords({ users: 4 });
    // A token in a query string and an email inside free text.
    gen.records.push({
      v: 1,
      time: '2026-11-20T09:00:00.000Z',
      level: 'INFO',
      channel: 'http',
      msg: 'reset for {email}',
      message: 'reset for person1@example.com from 203.0.113.11',
      event: 'http.request',
      request: {
        id: 'r-x',
        method: 'GET',
        path: '/reset',
        query: 'token=s3cr3t-t0ken&lang=en',
        status: 200,
        ip: '203.0.113.11',
      },
      client: { kind: 'human' },
      host: 'web-1',
      pid: 1,
    });
    writeJsonl(join(dir, 'in', 'app.jsonl'), gen.records);
    const r = await cli(['anonymise', join(dir, 'in'), join(dir, 'out'), '--ipv4-prefix', '24']);
    expect(r.code).toBe(0);
    const copy = readFileSync(join(dir, 'out', 'app.jsonl'), 'utf8');
    for (const email of gen.truth.emails) expect(copy).not.toContain(email);
    for (const ip of gen.truth.ips)
      expect(copy).not.toMatch(new RegExp(`(?<![\\d.])${ip.replaceAll('.', '\\.')}(?![\\d])`));
    expect(copy).not.toContain('s3cr3t-t0ken');
    expect(copy).not.toContain('Person 1');
    expect(copy).toContain('lang=en');
    const recs = copy
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { user?: { id?: string }; request?: { ip?: string } });
    for (const rec of recs) assertValid(rec);
    // /24 kept, and the same person maps to the same pseudonym everywhere.
    const ipsOfU1 = new Set(
      recs
        .filter((x) => x.user?.id && x.request?.ip?.startsWith('203.0.113.'))
        .map((x) => `${x.user!.id!}|${x.request!.ip!}`),
    );
    const byUser = new Map<string, Set<string>>();
    for (const pair of ipsOfU1) {
      const [u, ip] = pair.split('|') as [string, string];
      byUser.set(u, (byUser.get(u) ?? new Set()).add(ip));
    }
    expect(byUser.size).toBe(4);
    for (const set of byUser.values()) expect(set.size).toBe(1);
    const before = JSON.parse((await cli(['report', join(dir, 'in'), '--json'])).out) as Report;
    const after = JSON.parse((await cli(['report', join(dir, 'out'), '--json'])).out) as Report;
    expect(after.totals).toEqual(before.totals);
    expect(after.users.actions).toEqual(before.users.actions);
    expect(after.tickets.map((t) => t.count)).toEqual(before.tickets.map((t) => t.count));
    expect((await cli(['anonymise', 'only-one'])).code).toBe(2);
    expect((await cli(['anonymise', 'a', 'b', '--ipv4-prefix', '12'])).code).toBe(2);
  });
  it('keeping a /24, never turns one client into another real client of the same network', async () => {
    const dir = tempDir();
    const originals = Array.from({ length: 100 }, (_, i) => `203.0.113.${i + 1}`);
    const lines = originals.map(
      (ip, i) =>
        `${ip} - - [20/Nov/2026:09:00:${String(i % 60).padStart(2, '0')} +0000] "GET /courses HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"`,
    );
    mkdirSync(join(dir, 'in'), { recursive: true });
    writeFileSync(join(dir, 'in', 'access.log'), lines.join('\n') + '\n');
    const r = await cli(['anonymise', join(dir, 'in'), join(dir, 'out'), '--ipv4-prefix', '24']);
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'out', 'access.log'), 'utf8')
      .trim()
      .split('\n');
    const pseudonyms = out.map((line) => line.split(' ')[0]!);
    expect(pseudonyms.every((ip) => ip.startsWith('203.0.113.'))).toBe(true);
    expect(pseudonyms.filter((ip) => originals.includes(ip))).toEqual([]);
    expect(new Set(pseudonyms).size).toBe(originals.length);
  });

  it('copies a log larger than the memory it may use, line for line', () => {
    // 40 copies of the real log (~95 MB) through a process allowed 64 MB of heap: holding the file as strings
    // would run out of memory; a chunk at a time does not.
    const dir = tempDir();
    const big = join(dir, 'big.log');
    const fixture = readFileSync(FIXTURE);
    for (let i = 0; i < 40; i++) appendFileSync(big, fixture);
    const out = join(dir, 'big-anon.log');
    const launcher = fileURLToPath(new URL('../bin/logbook.mjs', import.meta.url));
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', launcher, 'anonymise', big, out], {
      encoding: 'utf8',
    });
    expect(r.stderr).toContain('Anonymised');
    expect(r.status).toBe(0);
    const count = (b: Buffer): number => b.reduce((n, byte) => (byte === 10 ? n + 1 : n), 0);
    expect(count(readFileSync(out))).toBe(40 * count(fixture));
  }, 120_000);
});
