import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** The report's records and tail's, in the columns tail shows or filters on, ordered by path. */
async function bothReaders(name: string, lines: string[]): Promise<{ report: object[]; tail: object[] }> {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.join('\n') + '\n');
  const db = await loadSources([file], { requestTime: 'ms' });
  const report = await rows(
    db,
    `SELECT level, event, "method", path, status, duration_ms, ip, ua, user_id AS "user", kind, signals
    FROM records ORDER BY path`,
  );
  db.close();
  expect(db.skipped.count).toBe(0);
  const tail = lines
    .map((l) => flattenLine(l, 'ms')!)
    .sort((a, b) => (a.path! < b.path! ? -1 : 1))
    .map((f) => ({
      level: f.level,
      event: f.event ?? null,
      method: f.method ?? null,
      path: f.path ?? null,
      status: f.status ?? null,
      duration_ms: f.duration_ms ?? null,
      ip: f.ip ?? null,
      ua: f.ua ?? null,
      user: f.user ?? null,
      kind: f.kind ?? null,
      signals: f.signals,
    }));
  return { report, tail };
}

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('tail', () => {
  it('reads an access line as the report does: level, event, user, user agent, request time and signals', async () => {
    const lines = [
      `192.0.2.1 - alice [21/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5 "-" "${FIREFOX}" 250`,
      `192.0.2.2 - - [21/Nov/2026:10:00:01 +0000] "GET /b HTTP/1.1" 200 5 "-" "-"`,
      `192.0.2.3 - - [21/Nov/2026:10:00:02 +0000] "GET /wp-login.php HTTP/1.1" 404 5 "-" "${FIREFOX}"`,
    ];
    const got = await bothReaders('access.log', lines);
    expect(got.tail).toEqual(got.report);
    expect(got.tail.map((r) => Object.values(r).filter((v) => v !== null).length)).toEqual([11, 8, 9]);
  });

  it('reads a JSON access line as the report does', async () => {
    const line = (o: object): string =>
      JSON.stringify({ time_local: '21/Nov/2026:10:00:00 +0000', remote_addr: '192.0.2.1', ...o });
    const lines = [
      line({
        request: 'GET /a HTTP/1.1',
        status: 200,
        remote_user: 'alice',
        duration_ms: 250,
        user_agent: FIREFOX,
      }),
      line({ request: 'GET /wp-login.php HTTP/1.1', status: 404 }),
      line({ method: 'POST', uri: '/c', status: 201 }),
      // `-` and "" are a server's none: the next key with a value is read
      line({
        request: 'GET /d HTTP/1.1',
        status: 200,
        remote_addr: '',
        client_ip: '192.0.2.9',
        http_user_agent: '-',
        user_agent: 'curl/8.5.0',
        remote_user: '-',
      }),
    ];
    const got = await bothReaders('access.json', lines);
    expect(got.tail).toEqual(got.report);
    expect(got.tail.map((r) => Object.values(r).filter((v) => v !== null).length)).toEqual([11, 8, 9, 8]);
  });
});
