import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** A JSON access-log entry with the request line `request`, at second `s`. */
const entry = (s: number, request: string): string =>
  JSON.stringify({
    time_local: `22/Nov/2026:10:00:0${s} +0000`,
    remote_addr: '192.0.2.1',
    request,
    status: 400,
    http_user_agent: 'curl/8.5.0',
  });

/** Request lines with no method or no target, as an access line's are read (access-line.ts). */
const CASES: [request: string, method: string, path: string, query: string | null][] = [
  ['', '-', '-', null],
  ['-', '-', '-', null],
  [' / HTTP/1.1', '-', '/', null],
  ['GET  HTTP/1.1', 'GET', '-', null],
  ['GET ?q=1 HTTP/1.1', 'GET', '', 'q=1'],
  ['GET / HTTP/1.1', 'GET', '/', null],
];

describe('a JSON access-log entry whose request has no method or no path', () => {
  it('reads `-` for what is missing, in the report and tail alike, as an access line does', async () => {
    // An access line's read `-` (efca531); the same request in a JSON log read an empty method or path.
    const lines = CASES.map(([request], i) => entry(i + 1, request));
    const file = join(tempDir(), 'access.json');
    writeFileSync(file, lines.join('\n') + '\n');
    const db = await loadSources([file]);
    const report = await rows(db, `SELECT "method", path, query FROM requests ORDER BY ts`);
    db.close();
    const want = CASES.map(([, method, path, query]) => ({ method, path, query }));
    expect(report).toEqual(want);
    const tail = lines.map((l) => flattenLine(l)!).map(({ method, path }) => ({ method, path }));
    expect(tail).toEqual(want.map(({ method, path }) => ({ method, path })));
  });
});
