import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (n: number, target: string): string =>
  combinedLine({ ip: `192.0.2.${n}`, second: n, target, status: 200, ua: UA });
const zeros = (n: number): string => '\0'.repeat(n);
const MiB = 1024 * 1024;
/** A combined line padded in its path to `length` bytes. */
const long = (n: number, length: number): string => {
  const short = line(n, '/');
  return line(n, `/${'a'.repeat(length - short.length)}`);
};

/**
 * logrotate's `copytruncate` empties a log while the server goes on writing at its old offset, so the server's next
 * line follows as many zero bytes as the log was long: far more than the 1 MB an access line may have. The run is
 * one skipped line; the line after it is the server's, and must not be lost with it. Line 7 has a lone CR in one
 * case, so that the report reads the file line by line (its second reader).
 */
const lines = (last: string): string[] => [
  line(1, '/before'),
  // longer than two of the reader's 1 MiB reads; the request time after it is the line's last field
  `${zeros(2 * MiB + 1000)}${line(2, '/after-truncate')} 0.250`,
  line(3, '/middle'),
  zeros(2 * MiB), // a run alone on its line
  `${zeros(MiB + 7)}not a request`,
  `${zeros(10)}${long(6, MiB + 1)}`, // what follows the run is too long itself
  `${zeros(5)}${line(8, '/short-run')}`, // a short run, read as any line led by zeros (once)
  last,
];

type Report = {
  totals: { requests: number };
  skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
};

describe('a run of NUL bytes longer than 1 MB before an access-log line', () => {
  it.each([
    ['plain', 'access.log', lines(line(7, '/last'))],
    ['gzipped', 'access.log.1.gz', lines(line(7, '/last'))],
    ['with a lone CR', 'access.log', lines(line(7, '/last\rcr'))],
  ])('%s: is one skipped line, and the request after it is read with its client', async (_, name, text) => {
    const dir = tempDir();
    const content = Buffer.from(text.join('\n') + '\n');
    writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(content) : content);

    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as Report;
    expect(r.totals.requests).toBe(5);
    expect(r.skipped.count).toBe(5);
    expect(r.skipped.files[0]!.samples).toEqual([
      {
        line: 2,
        reason:
          '2,098,152 NUL bytes (zero-filled by a crash or copytruncate) before a request, which is read',
      },
      { line: 4, reason: '2,097,152 NUL bytes (zero-filled by a crash or copytruncate)' },
      {
        line: 5,
        reason:
          '1,048,583 NUL bytes (zero-filled by a crash or copytruncate), then not a complete access-log line (truncated?)',
      },
    ]);

    const sql = await cli(['sql', 'SELECT ip, path, duration_ms FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: '/before', duration_ms: null },
      { ip: '192.0.2.2', path: '/after-truncate', duration_ms: 250 },
      { ip: '192.0.2.3', path: '/middle', duration_ms: null },
      { ip: '192.0.2.7', path: text.at(-1)!.includes('\r') ? '/last\rcr' : '/last', duration_ms: null },
      { ip: '192.0.2.8', path: '/short-run', duration_ms: null },
    ]);
    if (name.endsWith('.gz')) return; // tail follows the live file, not a rotated archive
    const tail = await cli(['tail', join(dir, name), '--no-color', '-n', '100']);
    expect(
      tail.out
        .trim()
        .split('\n')
        .map((l) => /192\.0\.2\.\d/.exec(l)?.[0]),
    ).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.8', '192.0.2.7']);
  });

  it('at the very start of the file (copytruncate of a log over 1 MB) leaves the first request read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), `${zeros(MiB + 5)}${line(1, '/first')}\n${line(2, '/second')}\n`);
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report & {
      sources: { format: string }[];
    };
    expect(r.sources.map((s) => s.format)).toEqual(['access']);
    expect([r.totals.requests, r.skipped.count]).toEqual([2, 1]);
    const sql = await cli(['sql', 'SELECT ip, path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: '/first' },
      { ip: '192.0.2.2', path: '/second' },
    ]);
  });
});

describe('an access line of 1 MB', () => {
  it('is read up to 1,048,576 bytes exactly, as tail reads it; one byte more is skipped', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    const exact = long(1, MiB);
    const over = long(2, MiB + 1);
    expect([Buffer.byteLength(exact), Buffer.byteLength(over)]).toEqual([MiB, MiB + 1]);
    // (a first line the format is told by: the first 64 KB are read for that)
    writeFileSync(file, [line(3, '/first'), exact, over].map((l) => `${l}\n`).join(''));

    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(r.totals.requests).toBe(2);
    expect(r.skipped.count).toBe(1);
    expect(r.skipped.files[0]!.samples).toEqual([{ line: 3, reason: 'line longer than 1 MB' }]);
    const sql = await cli(['sql', 'SELECT ip FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([{ ip: '192.0.2.1' }, { ip: '192.0.2.3' }]);

    const tail = await cli(['tail', file, '--no-color', '-n', '100']);
    expect(
      tail.out
        .trim()
        .split('\n')
        .map((l) => /192\.0\.2\.\d/.exec(l)?.[0]),
    ).toEqual(['192.0.2.3', '192.0.2.1']);
  });

  it('with CRLF line ends, read line by line (a lone CR), does not count the CR', async () => {
    const dir = tempDir();
    const exact = long(1, MiB);
    const over = long(2, MiB + 1);
    const lines = [line(3, '/first'), exact, over, line(4, '/lone\rcr')];
    writeFileSync(join(dir, 'access.log'), lines.map((l) => `${l}\r\n`).join(''));

    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect([r.totals.requests, r.skipped.count]).toEqual([3, 1]);
    expect(r.skipped.files[0]!.samples).toEqual([{ line: 3, reason: 'line longer than 1 MB' }]);
    const sql = await cli(['sql', 'SELECT ip, path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: `/${'a'.repeat(MiB - line(1, '/').length)}` },
      { ip: '192.0.2.3', path: '/first' },
      { ip: '192.0.2.4', path: '/lone\rcr' },
    ]);
  });

  it('after a run of NUL bytes is read up to 1,048,576 bytes exactly too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), `${line(3, '/first')}\n${zeros(10)}${long(1, MiB)}\n`);
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect([r.totals.requests, r.skipped.count]).toEqual([2, 1]);
    expect(r.skipped.files[0]!.samples).toEqual([
      {
        line: 2,
        reason: '10 NUL bytes (zero-filled by a crash or copytruncate) before a request, which is read',
      },
    ]);
    const sql = await cli(['sql', 'SELECT ip FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([{ ip: '192.0.2.1' }, { ip: '192.0.2.3' }]);
  });
});
