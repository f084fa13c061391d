import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, combinedLine, tempDir } from './helpers/records.js';

/** The files under `dir` this process holds open, by its descriptors (Linux's /proc). */
function openFilesUnder(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // closed between the listing and the look
    }
  }
  return open;
}

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('access logs, gzipped or not, and files beside them', () => {
  // A report over /var/log/nginx reads every rotated archive: one descriptor kept per archive with bad lines (the
  // skipped-line samples stop reading early) ran a folder of a thousand archives into "too many open files". The
  // plain files' lone-CR search and line count read by hand and close in a finally.
  it.skipIf(!existsSync('/proc/self/fd'))(
    'are closed once read, also when the reader stops before their end',
    async () => {
      const dir = tempDir();
      const good = Array.from({ length: 2000 }, (_, i) =>
        combinedLine({ ip: `192.0.2.${i % 250}`, second: i % 60, target: `/p${i}`, status: 200, ua: UA }),
      );
      // cut lines at the start (the samples are found there) and a lone CR (looked for when a line is bad)
      const bad = ['192.0.2.1 - - [22/Nov/2026:10:00:01 +0000] "GET /cut', 'not a line', 'nor this', 'x\ry'];
      for (let n = 0; n < 5; n++)
        writeFileSync(join(dir, `access.log.${n + 2}.gz`), gzipSync([...bad, ...good].join('\n') + '\n'));
      // and the same uncompressed, and a file of no known format (whose lines are counted)
      writeFileSync(join(dir, 'access.log.1'), [...bad, ...good].join('\n') + '\n');
      writeFileSync(join(dir, 'notes.txt'), 'moved the site on Tuesday\n');
      // A file handle left open is closed by the garbage collector, with this warning, should it run first.
      const closedByGc: string[] = [];
      const onWarning = (w: Error): void => {
        if (/garbage collection/.test(w.message)) closedByGc.push(w.message);
      };
      process.on('warning', onWarning);
      try {
        const r = await cli(['report', dir, '--json']);
        expect(r.code, r.err).toBe(0);
        const report = JSON.parse(r.out) as { totals: { requests: number }; skipped: { count: number } };
        expect([report.totals.requests, report.skipped.count]).toEqual([6 * 2000, 6 * 4 + 1]);
        expect(openFilesUnder(dir)).toEqual([]);
        await new Promise((resolve) => setImmediate(resolve)); // (warnings are emitted on a later tick)
        expect(closedByGc).toEqual([]);
      } finally {
        process.off('warning', onWarning);
      }
    },
  );
});
