import { describe, it, expect, afterEach } from 'vitest';
import { appendFileSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const MiB = 1024 * 1024;
const record = (n: number, event: string): string =>
  JSON.stringify({ time: `2026-11-20T10:00:0${n}.000Z`, level: 'INFO', event });

const testTmp = process.env.TMPDIR;
afterEach(() => {
  process.env.TMPDIR = testTmp;
});

/**
 * Lines DuckDB's JSON reader cannot take are read from copies in the temporary folder: the log without its lines
 * longer than the reader takes, the records after runs of NUL bytes, the lines it refuses but JSON.parse reads. Those
 * copies hold the log's addresses and users: none may be left behind, report after report.
 */
describe('the copies a JSON log is read from', () => {
  it('are all removed once the report has read them', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.jsonl');
    // a byte-order mark before a record (refused by DuckDB), then 33 MiB of NUL bytes (longer than it reads) before one
    const before = `${record(1, 'app.first')}\n\ufeff${record(2, 'app.marked')}\n`;
    writeFileSync(file, before);
    truncateSync(file, Buffer.byteLength(before) + 33 * MiB);
    appendFileSync(file, `${record(3, 'app.after-zeros')}\n`);
    // a temporary folder of this test's own: no other test's copies come and go in it
    const own = mkdtempSync(join(tmpdir(), 'copies-'));
    process.env.TMPDIR = own;

    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const sql = await cli(['sql', 'SELECT event FROM records ORDER BY ts', dir, '--json']);
    expect(JSON.parse(sql.out)).toEqual([
      { event: 'app.first' },
      { event: 'app.marked' },
      { event: 'app.after-zeros' },
    ]);
    expect(readdirSync(own)).toEqual([]);
  });
});
