import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessRow, loadedAccessRows, tempDir } from './helpers/records.js';

/**
 * The report's fast reader keeps 16 `"`-separated fields; a line with more (many quoted trailing fields, a user agent
 * full of escaped quotes) is read again whole. What comes after the 16th field must not be lost: here a request time
 * after 25 quoted fields, and a user agent of escaped quotes followed by one.
 */
const LINES = [
  `192.0.2.1 - - [21/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "UA" ${Array.from(
    { length: 25 },
    (_, i) => `"q${i}"`,
  ).join(' ')} rt=0.042`,
  `192.0.2.2 - - [21/Nov/2026:10:00:00 +0000] "GET /b HTTP/1.1" 200 5 "-" "U${'\\"'.repeat(16)}A" 0.5`,
];

describe('an access line with more quoted fields than the fast reader keeps', () => {
  it('is read whole: its user agent and its request time after the last quoted field', async () => {
    const file = join(tempDir(), 'access.log');
    writeFileSync(file, LINES.join('\n') + '\n');
    const got = await loadedAccessRows(file);
    expect(got.skipped).toBe(0);
    expect(got.rows).toEqual(LINES.map((l) => accessRow(l)));
    expect(got.rows.map((r) => (r as { duration_ms: number | null }).duration_ms)).toEqual([42, 500]);
  });
});
