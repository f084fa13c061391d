import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { pathsByReportAndTail } from './support/paths-by-report-and-tail.js';

/** A Logbook request record for `path`, with `extra` keys in it. */
const record = (path: string, extra: object = {}): string =>
  JSON.stringify({
    time: '2026-11-22T10:00:00.000Z',
    level: 'INFO',
    event: 'http.request',
    ...extra,
    request: { method: 'GET', path, status: 200 },
  });

/** The paths the report and tail read from these lines of one JSONL file, and what the report skipped. */
const bothReaders = (lines: (string | Buffer)[]): ReturnType<typeof pathsByReportAndTail> =>
  pathsByReportAndTail('app.jsonl', lines);

describe('JSON lines the report reads from a corrected copy (a mark before them, after a line cut off)', () => {
  it('a byte-order mark inside a value does not make a line be read twice', async () => {
    // (a mark after blanks is passed over, as at the start of the line)
    const got = await bothReaders([
      record('/mark-inside', { message: 'a \ufeff b' }),
      ` \t\ufeff${record('/mark-after-blanks')}`,
      '{"time":', // cut: a copy is made
      record('/after-cut'),
    ]);
    expect(got).toEqual({
      report: ['/after-cut', '/mark-after-blanks', '/mark-inside'],
      skipped: 1,
      tail: ['/after-cut', '/mark-after-blanks', '/mark-inside'],
    });
  });

  it('a line cut where a value follows, with blanks after it or inside nested arrays, loses no other line', async () => {
    const got = await bothReaders([
      '{"time": ',
      record('/after-colon-blank'),
      '{"time":\t',
      record('/after-colon-tab'),
      '{"a":{"b":[1,',
      record('/after-nested-array'),
      '{"a":[1],',
      record('/after-closed-array'),
      '{"a":[{"b":1,',
      record('/after-object-in-array'),
      '{"a":"cut in a string',
      record('/after-string'),
    ]);
    const paths = [
      '/after-closed-array',
      '/after-colon-blank',
      '/after-colon-tab',
      '/after-nested-array',
      '/after-object-in-array',
      '/after-string',
    ];
    expect(got).toEqual({ report: paths, skipped: 6, tail: paths });
  });

  it('a marked line that is no object, or no UTF-8, is skipped as tail skips it', async () => {
    const got = await bothReaders([
      `\ufeff[${record('/in-an-array')}]`,
      '\ufeff"text"',
      '\ufeffnull',
      // JSON, but no Logbook record: no level
      `\ufeff{"time":"2026-11-22T10:00:00.000Z","request":{"path":"/no-level","status":200}}`,
      Buffer.concat([
        Buffer.from(`\ufeff{"time":"2026-11-22T10:00:00.000Z","level":"INFO","message":"`),
        Buffer.from([0xff]),
        Buffer.from(`","request":{"path":"/no-utf8","status":200}}`),
      ]),
      `\ufeff${record('/marked')}`,
    ]);
    expect(got).toEqual({ report: ['/marked'], skipped: 5, tail: ['/marked'] });
  });
});

describe('the corrected copy', () => {
  const before = process.env.TMPDIR;
  afterEach(() => {
    process.env.TMPDIR = before;
  });

  it('is removed once read', async () => {
    const file = join(tempDir(), 'app.jsonl');
    writeFileSync(file, ['{"time":', record('/after-cut'), `\ufeff${record('/marked')}`].join('\n') + '\n');
    process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'refused-copy-'));
    const db = await loadSources([file]);
    const read = await rows(db, `SELECT count(*) AS n FROM records`);
    db.close();
    expect(read).toEqual([{ n: '2' }]);
    expect(readdirSync(process.env.TMPDIR)).toEqual([]);
  });
});
