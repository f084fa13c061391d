import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { accessRow, ACCESS_ROWS_SQL, tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0';
const T = '10/Mar/2024:13:55:36 +0100';

/** Lines as servers configured to log the time taken write them: each must be read, with its size. */
const LINES = [
  // Apache common + %D (microseconds) and + %T (seconds)
  `192.0.2.1 - - [${T}] "GET /a HTTP/1.1" 200 2326 1234`,
  `192.0.2.2 - - [${T}] "GET /b HTTP/1.1" 304 - 0`,
  // Apache combined + %D
  `192.0.2.3 - - [${T}] "GET /c HTTP/1.1" 200 512 "-" "${UA}" 48213`,
  // Nginx combined + $request_time, and + $request_time $upstream_response_time
  `192.0.2.4 - - [${T}] "GET /d?x=1 HTTP/1.1" 200 612 "https://example.com/" "${UA}" 0.123`,
  `192.0.2.5 - - [${T}] "GET /e HTTP/1.1" 502 157 "-" "${UA}" 0.045 0.044`,
  // Nginx main ($http_x_forwarded_for) + timings, and key=value timings
  `192.0.2.6 - - [${T}] "GET /f HTTP/1.1" 200 612 "-" "${UA}" "198.51.100.7" 0.010`,
  `192.0.2.7 - - [${T}] "GET /g HTTP/1.1" 200 612 "-" "${UA}" rt=0.050 uct="0.000" urt="0.049"`,
  `www.example.com:443 192.0.2.8 - - [${T}] "GET /h HTTP/1.1" 200 99 "-" "${UA}" 77`,
];

describe('access-log lines with fields after the standard ones', () => {
  it('are all read, with the size that precedes the extra fields (a common line with %D was skipped)', async () => {
    const dir = tempDir();
    // Many copies so the file is read as a real log would be, by the fast reader, with the odd lines among them.
    const lines = Array.from({ length: 50 }, () => LINES).flat();
    writeFileSync(join(dir, 'access.log'), lines.join('\n') + '\n');
    const db = await loadSources([dir]);
    const got = await rows(db, ACCESS_ROWS_SQL);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toHaveLength(lines.length);
    const sizes = new Map(got.map((r) => [r.path, r.bytes]));
    expect(Object.fromEntries(sizes)).toEqual({
      '/a': '2326',
      '/b': null,
      '/c': '512',
      '/d': '612',
      '/e': '157',
      '/f': '612',
      '/g': '612',
      '/h': '99',
    });
    // and each row is exactly the parser's reading of its line
    const byText = (rs: object[]): string[] => rs.map((r) => JSON.stringify(r)).sort();
    expect(byText(got)).toEqual(byText(lines.map((l) => accessRow(l)!)));
  });
});
