import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (n: number, target: string): string =>
  combinedLine({ ip: `192.0.2.${n}`, second: n, target, status: 200, ua: UA });

type Report = {
  totals: { requests: number };
  skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
};

/**
 * A log being written, or cut by a crash, ends without a line feed. Its last line is a line like any other on the
 * readers that go through a file line by line: the access reader's second pass (a lone CR in the file) and the one
 * that finds the skipped lines to show.
 */
describe('the last line of a log, without a line feed', () => {
  it('is read on the line-by-line path of an access log (a lone CR in the file)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), `${line(1, '/lone\rcr')}\nnot a request\n${line(3, '/last')}`);
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect([r.totals.requests, r.skipped.count]).toEqual([2, 1]);
    const sql = await cli(['sql', 'SELECT path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([{ path: '/lone\rcr' }, { path: '/last' }]);
  });

  it('is shown among the skipped lines when it is one', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      `${line(1, '/first')}\nnot a request\n${line(3, '/cut').slice(0, 40)}`,
    );
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect([r.totals.requests, r.skipped.count]).toEqual([1, 2]);
    expect(r.skipped.files[0]!.samples).toEqual([
      { line: 2, reason: 'not a complete access-log line (truncated?)' },
      { line: 3, reason: 'not a complete access-log line (truncated?)' },
    ]);
  });
});
