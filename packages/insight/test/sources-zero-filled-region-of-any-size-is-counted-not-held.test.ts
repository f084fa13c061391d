import { describe, it, expect } from 'vitest';
import { appendFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const MiB = 1024 * 1024;
const RUN = 64 * MiB;

/**
 * Writes `before`, then a region of `run` NUL bytes (a hole the file system fills with zeros, as `copytruncate`
 * leaves one: nothing is written for it), then `after`.
 */
function zeroFilled(file: string, before: string, run: number, after: string): void {
  writeFileSync(file, before);
  truncateSync(file, Buffer.byteLength(before) + run);
  appendFileSync(file, after);
  expect(statSync(file).size).toBe(Buffer.byteLength(before) + run + Buffer.byteLength(after));
}

type Report = {
  totals: { requests: number };
  skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
};

/**
 * `copytruncate` of a log of gigabytes leaves as many NUL bytes before the server's next line. The readers that
 * judge skipped lines and re-read a file line by line count such a run instead of holding it, so the report works on
 * a region of any size and says what it skipped: here one far longer than any line a reader takes.
 */
describe('a zero-filled region far longer than a line', () => {
  it('in an access log read line by line (a lone CR) is one skipped line, and the request after it is read', async () => {
    const dir = tempDir();
    const line = (n: number, target: string): string =>
      combinedLine({ ip: `192.0.2.${n}`, second: n, target, status: 200, ua: UA });
    zeroFilled(
      join(dir, 'access.log'),
      `${line(1, '/before')}\n${line(2, '/lone\rcr')}\nnot a request\n`,
      RUN,
      `${line(4, '/after')}\n`,
    );
    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as Report;
    expect([r.totals.requests, r.skipped.count]).toEqual([3, 2]);
    expect(r.skipped.files[0]!.samples).toEqual([
      { line: 3, reason: 'not a complete access-log line (truncated?)' },
      {
        line: 4,
        reason:
          '67,108,864 NUL bytes (zero-filled by a crash or copytruncate) before a request, which is read',
      },
    ]);
    const sql = await cli(['sql', 'SELECT ip, path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: '/before' },
      { ip: '192.0.2.2', path: '/lone\rcr' },
      { ip: '192.0.2.4', path: '/after' },
    ]);
  });

  const record = (n: number, event: string): string =>
    JSON.stringify({ time: `2026-11-20T10:00:0${n}.000Z`, level: 'INFO', event });

  it('in a JSONL log is one skipped line, and the record after it is read', async () => {
    const dir = tempDir();
    zeroFilled(join(dir, 'app.jsonl'), `${record(1, 'app.before')}\n`, RUN, `${record(2, 'app.after')}\n`);
    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as Report;
    expect(r.skipped.count).toBe(1);
    expect(r.skipped.files[0]!.samples).toEqual([
      {
        line: 2,
        reason:
          '67,108,864 NUL bytes (zero-filled by a crash or copytruncate) before a record, which is read',
      },
    ]);
    const sql = await cli(['sql', 'SELECT event FROM records ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([{ event: 'app.before' }, { event: 'app.after' }]);
  });

  it('before a line longer than the JSON reader takes is one skipped line that says both', async () => {
    const dir = tempDir();
    const long = record(2, `app.${'x'.repeat(16 * MiB)}`);
    zeroFilled(
      join(dir, 'app.jsonl'),
      `${record(1, 'app.before')}\n`,
      RUN,
      `${long}\n${record(3, 'app.last')}\n`,
    );
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(r.skipped.count).toBe(1);
    expect(r.skipped.files[0]!.samples).toEqual([
      {
        line: 2,
        reason: '67,108,864 NUL bytes (zero-filled by a crash or copytruncate), then line longer than 16 MiB',
      },
    ]);
    const sql = await cli(['sql', 'SELECT event FROM records ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([{ event: 'app.before' }, { event: 'app.last' }]);
  });

  it('alone in a file is the file skipped as nothing but NUL bytes', async () => {
    const dir = tempDir();
    zeroFilled(join(dir, 'app.log'), '', RUN, '');
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(r.skipped.count).toBe(1);
    expect(r.skipped.files[0]!.samples).toEqual([
      { line: 1, reason: 'nothing but NUL bytes (zero-filled by a crash or copytruncate); file skipped' },
    ]);
  });
});
