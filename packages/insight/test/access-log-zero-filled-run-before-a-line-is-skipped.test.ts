import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (n: number, target: string): string =>
  combinedLine({ ip: `192.0.2.${n}`, second: n, target, status: 200, ua: UA });
const zeros = (n: number): string => '\0'.repeat(n);

/**
 * After a crash some file systems leave the log's last blocks zero-filled; the server's next line, written after the
 * restart, follows the zeros on the same line. Line 5 has a lone CR, so that the report also reads the file line by
 * line (its second reader) in the second case.
 */
const LINES = [
  line(1, '/before'),
  `${zeros(4096)}${line(2, '/after-crash')}`, // the run, then a real line
  zeros(100), // a run alone on its line
  `${zeros(7)}not a request`, // a run, then garbage
  line(5, '/last'),
];

type Report = {
  totals: { requests: number; clients: number };
  skipped: { count: number; files: { samples: { line: number; reason: string }[] }[] };
};

describe('a run of NUL bytes at the start of an access-log line', () => {
  it.each([
    ['plain lines', LINES],
    ['a file with a lone CR', [...LINES.slice(0, 4), line(5, '/last\rcr')]],
  ])('is one skipped line, and the request after it is read with its client: %s', async (_, lines) => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, lines.join('\n') + '\n');

    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as Report;
    expect(r.totals).toMatchObject({ requests: 3, clients: 3 });
    expect(r.skipped.count).toBe(3);
    // each says what the run is, and what follows it
    expect(r.skipped.files[0]!.samples).toEqual([
      {
        line: 2,
        reason: '4,096 NUL bytes (zero-filled by a crash or copytruncate) before a request, which is read',
      },
      { line: 3, reason: '100 NUL bytes (zero-filled by a crash or copytruncate)' },
      {
        line: 4,
        reason:
          '7 NUL bytes (zero-filled by a crash or copytruncate), then not a complete access-log line (truncated?)',
      },
    ]);

    const sql = await cli(['sql', 'SELECT ip, path FROM requests ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { ip: '192.0.2.1', path: '/before' },
      { ip: '192.0.2.2', path: '/after-crash' },
      { ip: '192.0.2.5', path: lines[4]!.includes('\r') ? '/last\rcr' : '/last' },
    ]);

    const tail = await cli(['tail', file, '--no-color', '-n', '100']);
    expect(tail.code, tail.err).toBe(0);
    expect(tail.out).not.toMatch(/\\x00|\0/);
    const shown = tail.out
      .trim()
      .split('\n')
      .map((l) => /(\/[a-z-]+).* (192\.0\.2\.\d+)/.exec(l)?.slice(1));
    expect(shown).toEqual([
      ['/before', '192.0.2.1'],
      ['/after-crash', '192.0.2.2'],
      ['/last', '192.0.2.5'],
    ]);

    // an anonymised copy keeps the run, so it reads the same
    const copy = join(tempDir(), 'access.log');
    expect((await cli(['anonymise', file, copy])).code).toBe(0);
    expect(
      readFileSync(copy, 'utf8')
        .split('\n')[1]!
        .startsWith(`${zeros(4096)}`),
    ).toBe(true);
    const again = JSON.parse((await cli(['report', copy, '--json'])).out) as Report;
    expect([again.totals.requests, again.skipped.count]).toEqual([3, 3]);
  });

  it('longer than the part of a file read to tell its format (copytruncate) leaves the file an access log', async () => {
    // logrotate's copytruncate empties the file while the server goes on writing at its old offset: the file then
    // starts with that many zero bytes, more than the 64 KB read to tell a file's format
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      `${zeros(200_000)}${[1, 2, 3].map((n) => line(n, `/p${n}`)).join('\n')}\n`,
    );
    const r = JSON.parse((await cli(['report', dir, '--json'])).out) as Report & {
      sources: { format: string }[];
    };
    expect(r.sources.map((s) => s.format)).toEqual(['access']);
    expect([r.totals.requests, r.skipped.count]).toEqual([3, 1]);
  });
});
