import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_ROWS_SQL, tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

// Apache writes a backslash as `\\` and a quote as `\"`: a referer or user agent that ends in a backslash is logged
// `"...\\"`, and that quote closes the field. Found by the access-line property (shrunk: a referer of one backslash).
const LINES = [
  `0.0.0.0 - - [02/Jan/1990:00:00:00 +0000] "GET \\"" 100 - "\\\\" ""`,
  `192.0.2.1 - - [22/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "sqlmap \\\\" "198.51.100.7"`,
  `192.0.2.2 - - [22/Nov/2026:10:00:01 +0000] "GET /b\\\\ HTTP/1.1" 200 5 "x\\\\\\"y" "ua"`,
];

describe('a quoted field that ends in an escaped backslash', () => {
  it('closes at its quote, in the report and in tail', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), LINES.join('\n') + '\n');
    const db = await loadSources([dir]);
    const got = await rows(db, `${ACCESS_ROWS_SQL} ORDER BY time`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got.map((r) => [r.path, r.referer, r.ua])).toEqual([
      ['"', '\\\\', null],
      ['/a', null, 'sqlmap \\\\'],
      ['/b\\\\', 'x\\\\"y', 'ua'],
    ]);
    expect(LINES.map((l) => flattenLine(l)?.ua ?? null)).toEqual([null, 'sqlmap \\\\', 'ua']);
  });
});
