import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const IP = '2001:db8::4';
const at = (s: number): string => `[22/Nov/2026:10:00:0${s} +0000]`;
/** The same client written with and without brackets, on lines for the fast reader and for parseAccessLine. */
const LOG = [
  `[${IP}] - - ${at(1)} "GET /fast HTTP/1.1" 200 5 "-" "curl/8.5" 0.012`,
  // an escaped quote in the referer sends a line to parseAccessLine
  `[${IP}] - - ${at(2)} "GET /parsed HTTP/1.1" 200 5 "https://example.org/?q=\\"a\\"" "curl/8.5" 0.013`,
  // a user name with a space too
  `[${IP}] - john doe ${at(3)} "GET /user HTTP/1.1" 200 5 "-" "curl/8.5" 0.014`,
  `${IP} - - ${at(4)} "GET /plain HTTP/1.1" 200 5 "-" "curl/8.5" 0.015`,
];

const ips = async (dir: string): Promise<string[]> => {
  const r = await cli(['sql', 'SELECT DISTINCT ip FROM requests ORDER BY ip', dir, '--json']);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { ip: string }[]).map((x) => x.ip);
};

describe('an access line that starts with a bracketed IPv6 client', () => {
  it('is the same client as the address without brackets, in the report, filters, tail and an anonymised copy', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, LOG.join('\n') + '\n');
    expect(await ips(dir)).toEqual([IP]);
    const report = await cli(['report', dir, '--json', '--filter', `ip=${IP}`]);
    const parsed = JSON.parse(report.out) as {
      totals: { requests: number; clients: number };
      skipped: { count: number };
    };
    expect([parsed.totals.requests, parsed.totals.clients, parsed.skipped.count]).toEqual([4, 1, 0]);
    const tail = (await cli(['tail', file, '--no-color'])).out;
    expect(tail).not.toContain(`[${IP}]`);
    expect(tail.split('\n').filter((l) => l.includes(` ${IP}`))).toHaveLength(4);

    const out = join(tempDir(), 'access.log');
    expect((await cli(['anonymise', file, out])).code).toBe(0);
    const copy = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(copy.map((l) => l.startsWith('['))).toEqual([true, true, true, false]);
    expect(copy.join('\n')).not.toContain(IP);
    const copied = await ips(join(out, '..'));
    expect(copied).toHaveLength(1);
    expect(copy[0]!.startsWith(`[${copied[0]}] `)).toBe(true);
  });
});
