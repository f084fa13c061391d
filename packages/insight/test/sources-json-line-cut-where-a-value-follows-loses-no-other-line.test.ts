import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

// A crash in the middle of a write leaves a line cut off anywhere. Cut where a value should follow (after a
// key's colon, `[`, or a `,` in an array), DuckDB's JSON reader took the next line for that value and lost it
// whole: the report skipped two lines where tail showed the second.
const ACCESS = (path: string): string =>
  JSON.stringify({
    time_local: '21/Nov/2026:10:00:00 +0000',
    sizes: [1, 2],
    remote_addr: '192.0.2.1',
    request: `GET ${path} HTTP/1.1`,
    status: 200,
    http_user_agent: 'say "hi: [x,',
    tags: ['a', 'b'],
  });
const CADDY = (uri: string): string =>
  JSON.stringify({
    level: 'info',
    ts: 1732269600.5,
    logger: 'http.log.access.log0',
    msg: 'handled request',
    request: {
      remote_ip: '192.0.2.1',
      client_ip: '192.0.2.1',
      proto: 'HTTP/1.1',
      method: 'GET',
      host: '',
      uri,
    },
    status: 200,
  });
const RECORD = (msg: string): string =>
  JSON.stringify({ time: '2026-11-21T10:00:00.000Z', level: 'INFO', channel: 'app', msg, message: msg });

/** Each line cut where a value should follow, as a crash may leave it, and cut where none should (for contrast). */
const cuts = (line: string): string[] => [
  line.slice(0, line.indexOf(':') + 1),
  line.slice(0, line.lastIndexOf(':') + 1) + ' ',
  ...(line.includes('[')
    ? [line.slice(0, line.lastIndexOf('[') + 1), line.slice(0, line.indexOf(',', line.lastIndexOf('[')) + 1)]
    : []),
  // where no value is awaited: inside a key, after an object's comma (also one after an array), inside a string
  // after an escaped quote
  line.slice(0, line.indexOf('"', 2)),
  line.slice(0, line.indexOf(',') + 1),
  ...(line.includes('],') ? [line.slice(0, line.indexOf('],') + 2)] : []),
  ...(line.includes('[x,')
    ? [line.slice(0, line.indexOf('[x,') + 1), line.slice(0, line.indexOf('[x,') + 3)]
    : []),
];

function write(name: string, lines: string[], lineEnd: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.join(lineEnd) + lineEnd);
  return file;
}

describe('a JSON line cut off where a value should follow', () => {
  it.each([
    ['a JSON access log', 'access.json', ACCESS, `SELECT path AS v FROM requests ORDER BY v`, '\n'],
    ["Caddy's access log", 'caddy.json', CADDY, `SELECT path AS v FROM requests ORDER BY v`, '\n'],
    ['Logbook JSONL', 'app.jsonl', RECORD, `SELECT msg AS v FROM records ORDER BY v`, '\n'],
    [
      'Logbook JSONL with CRLF line ends',
      'app.jsonl',
      RECORD,
      `SELECT msg AS v FROM records ORDER BY v`,
      '\r\n',
    ],
  ])(
    'in %s costs only that line: the next one is read by the report as by tail',
    async (_, name, make, sql, lineEnd) => {
      const cut = cuts(make('/cut'));
      // each cut line, then a whole one; the cut ones also after a blank line and one after another
      const lines = cut.flatMap((c, i) => [c, ...(i === 1 ? [''] : []), make(`/${i}`)]);
      lines.push(cut[0]!, cut[0]!, make('/after-two'));
      const db = await loadSources([write(name, lines, lineEnd)]);
      const got = await rows(db, sql);
      db.close();
      const whole = lines.filter((l) => l.endsWith('}'));
      expect(got.map((r) => r.v)).toEqual(
        whole.map((_l, i) => (i < cut.length ? `/${i}` : '/after-two')).sort(),
      );
      expect(db.skipped.count).toBe(cut.length + 2);
      // tail shows the same lines
      expect(lines.filter((l) => flattenLine(l) !== undefined)).toEqual(whole);
    },
  );
});
