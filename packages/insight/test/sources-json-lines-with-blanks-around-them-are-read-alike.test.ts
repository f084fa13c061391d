import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const JSON_ACCESS =
  '{"time_local":"21/Nov/2026:10:00:00 +0000","remote_addr":"192.0.2.1","request":"GET /a HTTP/1.1","status":200}';
const RECORD =
  '{"time":"2026-11-21T10:00:00.000Z","level":"INFO","event":"http.request",' +
  '"request":{"method":"GET","path":"/a","status":200,"ip":"192.0.2.1"}}';

/** What the report's JSON reader passes over before and after a line: JSON's blanks, form feed, vertical tab. */
const BLANKS = [' ', '\t', '\r', '\f', '\v', ' \t\r\f\v '];
/** Other white space, which it refuses there. */
const NOT_BLANKS = ['\u00a0', '\u001c', '\u2028'];

/** The report's paths and skipped lines for `lines` in a file named `name`. */
async function report(name: string, lines: string[]): Promise<{ paths: unknown[]; skipped: number }> {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.join('\n') + '\n');
  const db = await loadSources([file]);
  const got = await rows(db, `SELECT path FROM records ORDER BY path`);
  db.close();
  return { paths: got.map((r) => r.path), skipped: db.skipped.count };
}

describe.each([
  ['a JSON access log', 'access.json', JSON_ACCESS],
  ['Logbook JSONL', 'app.jsonl', RECORD],
])('a line of %s', (_, name, line) => {
  it('with blanks before or after it, a form feed or vertical tab too, is read by the report and by tail', async () => {
    // Tail took only JSON's four blanks: a line the report read after a form feed was no record in tail.
    const lines = BLANKS.flatMap((b) => [`${b}${line}`, `${line}${b}`, `${b}${line}${b}`]);
    expect(await report(name, [line, ...lines])).toEqual({
      paths: Array.from({ length: lines.length + 1 }, () => '/a'),
      skipped: 0,
    });
    expect(lines.map((l) => flattenLine(l)?.ip)).toEqual(lines.map(() => '192.0.2.1'));
  });

  it('with other white space before it, or a form feed between its values, is skipped by both', async () => {
    const lines = [...NOT_BLANKS.map((b) => `${b}${line}`), line.replace(':', ':\f')];
    expect(await report(name, [line, ...lines])).toEqual({ paths: ['/a'], skipped: lines.length });
    expect(lines.map((l) => flattenLine(l))).toEqual(lines.map(() => undefined));
  });
});
