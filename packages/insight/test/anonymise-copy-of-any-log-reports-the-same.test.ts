import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { cli, tempDir } from './helpers/records.js';
import {
  bareIpv6,
  ipv4,
  survivors,
  emptyOriginals,
  target,
  canonical6,
} from './helpers/anonymise-arbitraries.js';
import type { Report } from '../src/report/build-report.js';

const UAS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'sqlmap/1.7.2#stable (https://sqlmap.org)',
  'curl/8.5.0',
];

/** An access log: clients from a small pool (each written one way), some lines the reader cannot read. */
const accessLog = fc
  .record({
    clients: fc.uniqueArray(
      fc.oneof(
        ipv4.map((ip) => ({ text: ip, v4: ip, v6: undefined as string | undefined })),
        bareIpv6.map((v) => ({
          text: v.text,
          v4: undefined as string | undefined,
          v6: canonical6(v.groups),
        })),
        ipv4.map((ip) => ({ text: `::ffff:${ip}`, v4: ip, v6: undefined as string | undefined })),
      ),
      { minLength: 1, maxLength: 6, selector: (c) => c.v4 ?? c.v6 },
    ),
    lines: fc.array(
      fc.tuple(
        fc.nat(5),
        target,
        fc.constantFrom(200, 301, 403, 404, 500),
        fc.nat(3),
        fc.nat(59),
        fc.boolean(),
      ),
      { minLength: 1, maxLength: 25 },
    ),
  })
  .map(({ clients, lines }) => {
    const originals = emptyOriginals();
    for (const c of clients) {
      if (c.v4) originals.ipv4.add(c.v4);
      if (c.v6) originals.ipv6.add(c.v6);
    }
    const text = lines.map(([ci, t, status, ua, second, broken]) => {
      for (const k of ['ipv4', 'ipv6', 'emails', 'secrets'] as const)
        for (const v of t.originals[k]) originals[k].add(v);
      const client = clients[ci % clients.length]!;
      const line = `${client.text} - - [20/Nov/2026:09:00:${String(second).padStart(2, '0')} +0000] "GET ${t.text} HTTP/1.1" ${status} 512 "-" "${UAS[ua]!}"`;
      // a line cut off before its status: the reader skips it, and so must the copy's reader
      return broken ? line.slice(0, line.indexOf('HTTP/1.1"')) : line;
    });
    return { text: `${text.join('\n')}\n`, originals };
  });

describe('an anonymised copy of any access log', () => {
  it('has the same lines, leaves no original, and reports the same requests, clients, statuses and client kinds', async () => {
    await fc.assert(
      fc.asyncProperty(accessLog, async (log) => {
        const dir = tempDir('anon-prop-');
        writeFileSync(join(dir, 'access.log'), log.text);
        const r = await cli([
          'anonymise',
          join(dir, 'access.log'),
          join(dir, 'copy.log'),
          '--ipv4-prefix',
          '24',
        ]);
        expect(r.code).toBe(0);
        const copy = readFileSync(join(dir, 'copy.log'), 'utf8');
        expect(copy.split('\n').length).toBe(log.text.split('\n').length);
        expect(survivors(copy, log.originals)).toEqual([]);
        const before = JSON.parse((await cli(['report', join(dir, 'access.log'), '--json'])).out) as Report;
        const after = JSON.parse((await cli(['report', join(dir, 'copy.log'), '--json'])).out) as Report;
        expect(after.totals).toEqual(before.totals);
        expect(after.status).toEqual(before.status);
        // the same lines skipped (their text is the marker now, not the original)
        expect(after.skipped.count).toBe(before.skipped.count);
        for (const kind of ['humans', 'crawlers', 'scanners', 'unknown'] as const)
          expect(after.clients[kind].hits).toBe(before.clients[kind].hits);
      }),
      propertyRuns(5),
    );
  }, 60_000);
});
