import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/**
 * A Logbook request record with `status` and `duration_ms` written as given, raw JSON (`200.0` stays as written, as
 * another logger or a hand may write it).
 */
const line = (n: number, status: string, duration: string): string =>
  `{"time":"2026-11-22T10:00:${String(n).padStart(2, '0')}.000Z","level":"INFO","event":"http.request",` +
  `"request":{"method":"GET","path":"/r${n}","status":${status},"duration_ms":${duration}}}`;

/** [status, duration_ms, what both readers should take them for]. */
const CASES: [string, string, { status: number | null; duration_ms: number | null }][] = [
  ['200', '12.5', { status: 200, duration_ms: 12.5 }],
  // text: a number as text is that number
  ['"200"', '"12.5"', { status: 200, duration_ms: 12.5 }],
  ['"404"', '"12"', { status: 404, duration_ms: 12 }],
  ['200.0', '"2e-05"', { status: 200, duration_ms: 0.00002 }],
  ['"200.0"', '0.00002', { status: 200, duration_ms: 0.00002 }],
  ['"200.00"', '"0.10"', { status: 200, duration_ms: 0.1 }],
  ['"007"', '"1e3"', { status: 7, duration_ms: 1000 }],
  ['2e2', '-3.5', { status: 200, duration_ms: -3.5 }],
  ['"0"', '"-3.5"', { status: 0, duration_ms: -3.5 }],
  // no status or duration: a cast would read true as 1, 404.9 as 405 and "0x1F4" as 500
  ['200.5', 'true', { status: null, duration_ms: null }],
  ['404.9', '"abc"', { status: null, duration_ms: null }],
  ['true', '" 3"', { status: null, duration_ms: null }],
  ['"0x1F4"', '"+3"', { status: null, duration_ms: null }],
  ['" 200"', '"NaN"', { status: null, duration_ms: null }],
  ['"2e2"', '"Infinity"', { status: null, duration_ms: null }],
  ['-1', '1e400', { status: null, duration_ms: null }],
  ['"-1"', '"1e400"', { status: null, duration_ms: null }],
  ['10000000000', '""', { status: null, duration_ms: null }],
  ['"abc"', '"inf"', { status: null, duration_ms: null }],
  ['""', '{"ms":3}', { status: null, duration_ms: null }],
  ['[200]', '[3]', { status: null, duration_ms: null }],
];

describe('a Logbook record whose status or duration_ms is written as text', () => {
  it('is read by the report as by tail: a number as text is that number, anything else none', async () => {
    // The report read "200" as 200 and "12.5" as 12.5 (and true as 1, 404.9 as 405); tail read neither.
    const lines = CASES.map(([status, duration], i) => line(i, status, duration));
    const file = join(tempDir(), 'app.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const db = await loadSources([file]);
    const report = await rows(db, `SELECT status, duration_ms FROM records ORDER BY ts`);
    db.close();
    expect(db.skipped.count).toBe(0);
    const tail = lines.map((l) => {
      const r = flattenLine(l)!;
      return { status: r.status ?? null, duration_ms: r.duration_ms ?? null };
    });
    const expected = CASES.map(([, , want]) => want);
    expect(tail).toEqual(expected);
    expect(report).toEqual(expected);
  });
});
