import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const TIME = '21/Nov/2026:10:00:00 +0000';

/** The report's rows and tail's reading of each line, in the columns both have, ordered by status. */
async function bothReaders(
  lines: object[],
): Promise<{ report: object[]; tail: (object | undefined)[]; skipped: number }> {
  const file = join(tempDir(), 'access.json');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const db = await loadSources([file]);
  const report = await rows(
    db,
    `SELECT epoch_ms(ts)::DOUBLE AS time, "method", path, status, ip, ua FROM requests ORDER BY status`,
  );
  db.close();
  const tail = lines.map((l) => {
    const f = flattenLine(JSON.stringify(l));
    return (
      f && {
        time: Date.parse(f.time),
        method: f.method,
        path: f.path,
        status: f.status,
        ip: f.ip ?? null,
        ua: f.ua ?? null,
      }
    );
  });
  return { report, tail, skipped: db.skipped.count };
}

const want = (status: number, ip: string, ua: string | null = null): object => ({
  time: Date.UTC(2026, 10, 21, 10),
  method: 'GET',
  path: '/a',
  status,
  ip,
  ua,
});

describe('JSON access-log keys holding " or \\ (a log_format that escapes its own key names)', () => {
  it.each([
    {
      // The report left such keys out (no time: the line skipped; no client) while tail read them.
      read: 'as tail reads them',
      lines: [
        { 'time\\local': TIME, 'remote\\addr': '192.0.2.1', request: 'GET /a HTTP/1.1', status: 200 },
        { '"time_local"': TIME, '"remote_addr"': '192.0.2.2', request: 'GET /a HTTP/1.1', status: 201 },
        {
          time_local: TIME,
          'remote_addr\\': '192.0.2.3',
          'user"agent': 'curl/8',
          request: 'GET /a',
          status: 202,
        },
      ],
    },
    {
      // `status` and `Status` in one file: the report reads it by JSON paths, where a quote, a backslash, a slash
      // or a tilde in a key must be escaped.
      read: 'in a file that spells a key two ways, with / and ~ in keys too',
      lines: [
        { 'time\\local': TIME, 'remote/addr': '192.0.2.1', request: 'GET /a HTTP/1.1', status: 200 },
        { 'time"local': TIME, 'remote~addr': '192.0.2.2', request: 'GET /a HTTP/1.1', Status: 201 },
        {
          time_local: TIME,
          'remote_addr\\': '192.0.2.3',
          '~user/agent"': 'curl/8',
          request: 'GET /a',
          status: 202,
        },
      ],
    },
  ])('are read by the report $read', async ({ lines }) => {
    const got = await bothReaders(lines);
    const expected = [want(200, '192.0.2.1'), want(201, '192.0.2.2'), want(202, '192.0.2.3', 'curl/8')];
    expect(got.skipped).toBe(0);
    expect(got.report).toEqual(expected);
    expect(got.tail).toEqual(expected);
  });
});
