import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_ROWS_SQL, cli, tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const AT = Date.UTC(2026, 10, 22, 10, 0, 0);
/** A line of the server's first configuration: time, client, request and status only. */
const early = (i: number): object => ({
  time_iso8601: new Date(AT + i * 1000).toISOString(),
  remote_addr: '192.0.2.1',
  request: `GET /page/${i % 7} HTTP/1.1`,
  status: 200,
});

/** 1,000 lines of the first configuration, then `late` (a configuration that logs more, in its own spellings). */
function logWithLateKeys(late: object[]): string {
  const file = join(tempDir(), 'access.json');
  const lines = [...Array.from({ length: 1000 }, (_, i) => early(i)), ...late];
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('a JSON access log whose first 1,000 lines lack a key that later lines have', () => {
  it('gives the later lines request times in the report, as tail shows them', async () => {
    // The key spellings were taken from the first 1,000 lines: requestTimeMs, first written on line 1,001, was
    // never read, and the report had no slow routes where tail showed 1250 ms.
    const late = [1250, 750].map((ms, i) => ({
      time_iso8601: new Date(AT + 2_000_000 + i * 1000).toISOString(),
      remote_addr: '192.0.2.2',
      request: 'GET /search HTTP/1.1',
      status: 200,
      requestTimeMs: ms,
    }));
    const file = logWithLateKeys(late);
    const r = await cli(['report', file, '--json']);
    expect(r.err).toBe('');
    const slow = (JSON.parse(r.out) as { slow_routes: { route: string; max: number; count: number }[] })
      .slow_routes;
    expect(slow.map((s) => [s.route, s.count, s.max])).toEqual([['GET /search', 2, 1250]]);
    expect(late.map((l) => flattenLine(JSON.stringify(l))?.duration_ms)).toEqual([1250, 750]);
  });

  it('gives the later lines their client, user agent and referrer under spellings first seen there', async () => {
    // A second logger writing the same file from line 1,001 on, with its own spellings of the optional keys:
    // the line was read (time, request and status as before) without them.
    const late = {
      time_iso8601: new Date(AT + 2_000_000).toISOString(),
      RemoteAddr: '198.51.100.7',
      request: 'POST /login HTTP/1.1',
      status: 302,
      'User-Agent': 'curl/8.5.0',
      HTTP_Referer: 'https://example.org/',
    };
    const db = await loadSources([logWithLateKeys([late])]);
    const got = await rows(db, `${ACCESS_ROWS_SQL} WHERE path = '/login'`);
    db.close();
    expect(db.skipped.count).toBe(0);
    expect(got).toEqual([
      {
        time: AT + 2_000_000,
        method: 'POST',
        path: '/login',
        query: null,
        status: 302,
        bytes: null,
        duration_ms: null,
        ip: '198.51.100.7',
        ua: 'curl/8.5.0',
        referer: 'https://example.org/',
        user_id: null,
        vhost: null,
      },
    ]);
    const tail = flattenLine(JSON.stringify(late));
    expect([tail?.ip, tail?.ua, tail?.method, tail?.path, tail?.status]).toEqual([
      '198.51.100.7',
      'curl/8.5.0',
      'POST',
      '/login',
      302,
    ]);
  });
});
