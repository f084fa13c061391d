import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

// DuckDB's CSV reader ends a line at a lone \r; tail, editors and `wc -l` only at \n. The report skipped such a line
// as two malformed ones and named neither by its number, while tail read it.
const T = '[22/Nov/2026:10:00:00 +0000]';
const LINES = [
  `192.0.2.1 - - ${T} "GET /a HTTP/1.1" 200 5 "-" "curl\r/8.5"`,
  `192.0.2.2 - - ${T} "GET /b HTTP/1.1" 200 5 "-" "ua"`,
  `192.0.2.3 - - ${T} "GET /c\r`,
];

describe('a carriage return inside an access line', () => {
  it.each([
    ['plain', 'access.log'],
    ['gzipped', 'access.log.2.gz'],
  ])(
    '%s: is part of the line: read as tail reads it, and a bad line counted once at its number',
    async (_, name) => {
      const dir = tempDir();
      const text = Buffer.from(LINES.join('\r\n') + '\r\n');
      writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(text) : text);
      const db = await loadSources([dir]);
      const got = await rows(db, 'SELECT path, ua FROM requests ORDER BY path');
      db.close();
      expect(got).toEqual([
        { path: '/a', ua: 'curl\r/8.5' },
        { path: '/b', ua: 'ua' },
      ]);
      expect(db.skipped.count).toBe(1);
      expect(db.skipped.files[0]?.samples.map((s) => s.line)).toEqual([3]);
      expect(LINES.map((l) => flattenLine(l)?.ua)).toEqual(['curl\r/8.5', 'ua', undefined]);
    },
  );
});
