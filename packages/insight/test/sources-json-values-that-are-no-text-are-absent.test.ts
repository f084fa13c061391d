import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const TIME = '21/Nov/2026:10:00:00 +0000';

/** The report's row and tail's reading of each line, in the columns both have. */
async function bothReaders(lines: object[]): Promise<{ report: object[]; tail: object[] }> {
  const dir = tempDir();
  const file = join(dir, 'access.json');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const db = await loadSources([file]);
  const report = await rows(
    db,
    `SELECT "method", path, status, ip, ua, user_id FROM requests ORDER BY status`,
  );
  db.close();
  expect(db.skipped.count).toBe(0);
  const tail = lines.map((l) => {
    const f = flattenLine(JSON.stringify(l))!;
    return {
      method: f.method,
      path: f.path,
      status: f.status,
      ip: f.ip ?? null,
      ua: f.ua ?? null,
      user_id: f.user ?? null,
    };
  });
  return { report, tail };
}

describe('a JSON access-log value that is an object, an array, true or false where text is read', () => {
  it('is absent for the report as for tail: the next key with a value is read instead', async () => {
    // The report stored the value's JSON text: user agent {"original":"x"}, client {"a":1}, and a `request`
    // object became the path; tail took them as absent.
    const base = { time_local: TIME, request: 'GET /a HTTP/1.1', remote_addr: '192.0.2.1' };
    const { report, tail } = await bothReaders([
      {
        ...base,
        status: 200,
        remote_addr: { a: 1 },
        client_ip: '192.0.2.9',
        http_user_agent: { original: 'x' },
      },
      { ...base, status: 201, request: { method: 'GET' }, uri: '/u', remote_user: true },
      { ...base, status: 202, http_user_agent: ['curl/8'], user_agent: 'Wget/1.21', remote_user: false },
    ]);
    expect(report).toEqual(tail);
    expect(report).toEqual([
      { method: 'GET', path: '/a', status: 200, ip: '192.0.2.9', ua: null, user_id: null },
      { method: '-', path: '/u', status: 201, ip: '192.0.2.1', ua: null, user_id: null },
      { method: 'GET', path: '/a', status: 202, ip: '192.0.2.1', ua: 'Wget/1.21', user_id: null },
    ]);
  });

  it('in a Caddy log is absent for the report as for tail', async () => {
    const entry = (status: number, request: object): object => ({
      level: 'info',
      ts: 1732269600.5,
      logger: 'http.log.access.log0',
      msg: 'handled request',
      request: { client_ip: '192.0.2.1', method: 'GET', uri: '/a', ...request },
      status,
    });
    const { report, tail } = await bothReaders([
      entry(200, { client_ip: { a: 1 }, remote_ip: '192.0.2.7', headers: { 'User-Agent': [{ v: 'x' }] } }),
      entry(201, { headers: { 'User-Agent': [true] } }),
    ]);
    expect(report).toEqual(tail);
    expect(report.map((r) => [(r as { ip: string }).ip, (r as { ua: string }).ua])).toEqual([
      ['192.0.2.7', null],
      ['192.0.2.1', null],
    ]);
  });

  it('in a Traefik log is absent for the report as for tail', async () => {
    const entry = (extra: object): object => ({
      StartUTC: '2026-11-22T10:00:00.5Z',
      ClientHost: '192.0.2.1',
      RequestMethod: 'GET',
      RequestPath: '/a',
      DownstreamStatus: 200,
      ...extra,
    });
    const { report, tail } = await bothReaders([
      entry({ ClientHost: ['192.0.2.1'], ClientAddr: '192.0.2.8:4000', 'request_User-Agent': { a: 1 } }),
      entry({ DownstreamStatus: 201, ClientUsername: false }),
    ]);
    expect(report).toEqual(tail);
    expect(report.map((r) => (r as { ip: string }).ip)).toEqual(['192.0.2.8', '192.0.2.1']);
  });

  it('read as text is kept when it is text that looks like JSON', async () => {
    const { report, tail } = await bothReaders([
      {
        time_local: TIME,
        request: 'GET /a HTTP/1.1',
        status: 200,
        remote_addr: '192.0.2.1',
        http_user_agent: '{"a":1}',
      },
      {
        time_local: `[${TIME}]`,
        request: 'GET /b HTTP/1.1',
        status: 201,
        remote_addr: '192.0.2.1',
        http_user_agent: 'true',
      },
    ]);
    expect(report).toEqual(tail);
    expect(report.map((r) => (r as { ua: string }).ua)).toEqual(['{"a":1}', 'true']);
  });
});
