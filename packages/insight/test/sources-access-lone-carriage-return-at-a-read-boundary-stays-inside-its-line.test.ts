import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
/** The search for a lone CR reads a plain file 4 MB at a time. */
const READ = 4 * 1024 * 1024;

describe('a lone carriage return that is the last byte of a 4 MB read', () => {
  it('is still found, so its line is one request, as tail reads it', async () => {
    const dir = tempDir();
    const lines = ['192.0.2.1 - - [22/Nov/2026:10:00:01 +0000] "GET /cut']; // a bad line: the search runs
    let size = lines[0]!.length + 1;
    for (let i = 0; size < READ - 1000; i++) {
      const l = combinedLine({
        ip: `192.0.2.${i % 250}`,
        second: i % 60,
        target: `/p${i}`,
        status: 200,
        ua: UA,
      });
      lines.push(l);
      size += l.length + 1;
    }
    // a user agent whose \r is at byte READ - 1 of the file, and the byte after it (the next read's first) no \n
    const head = combinedLine({ ip: '192.0.2.9', second: 9, target: '/cr', status: 200, ua: '' }).slice(
      0,
      -1,
    );
    const ua = `${'A'.repeat(READ - 1 - size - head.length)}\rx`;
    const crLine = `${head}${ua}"`;
    lines.push(crLine);
    const text = lines.join('\n') + '\n';
    expect(Buffer.from(text).indexOf(13)).toBe(READ - 1);
    writeFileSync(join(dir, 'access.log'), text);

    const r = await cli(['report', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { totals: { requests: number }; skipped: { count: number } };
    expect([report.totals.requests, report.skipped.count]).toEqual([lines.length - 1, 1]);
  });
});
