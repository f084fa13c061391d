import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const BASE = {
  time_local: '21/Nov/2026:10:00:00 +0000',
  remote_addr: '192.0.2.1',
  request: 'GET /a?x=1 HTTP/1.1',
  status: 200,
  request_time: 0.05,
};

/** What the report reads of each line (DuckDB), and what tail, the dashboard's live records and filters read. */
async function bothReaders(lines: string[]): Promise<{ report: object[]; tail: object[] }> {
  const dir = tempDir();
  writeFileSync(join(dir, 'access.json'), lines.join('\n') + '\n');
  const db = await loadSources([join(dir, 'access.json')], { format: 'json-access' });
  const report = await rows(
    db,
    `SELECT "method", path, status, duration_ms, ip FROM requests ORDER BY epoch_ms(ts), path`,
  );
  db.close();
  const tail = lines
    .map((l) => flattenLine(l))
    .filter((f) => f !== undefined)
    .map((f) => ({
      method: f.method,
      path: f.path,
      status: f.status,
      duration_ms: f.duration_ms ?? null,
      ip: f.ip ?? null,
    }));
  return { report, tail };
}

describe('a JSON access log', () => {
  it('is read alike by the report and by tail when its request line holds a line break', async () => {
    const lines = [
      JSON.stringify(BASE),
      JSON.stringify({ ...BASE, request: 'GET /a\nb HTTP/1.1' }),
      JSON.stringify({ ...BASE, request: 'GET /c\r\nd?e=1 HTTP/1.1' }),
    ];
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(report.map((r) => (r as { path: string }).path)).toEqual(['/a', '/a\nb', '/c\r\nd']);
  });

  it('is read alike by the report and by tail when a status is not a whole number', async () => {
    // A cast rounded 200.5 to 201 for the report; tail refused the line.
    const lines = [
      JSON.stringify(BASE),
      JSON.stringify({ ...BASE, status: 200.5 }),
      JSON.stringify({ ...BASE, status: '4e2' }),
    ];
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(report).toHaveLength(1);
  });

  it('reads a status with a fraction of zeros as that status, in the report as in tail', async () => {
    // A server that writes every number as a float means 404 by 404.0; the report refused such a line.
    const text = JSON.stringify({ ...BASE, status: 'STATUS' });
    const lines = [
      text.replace('"STATUS"', '404.0'),
      text.replace('"STATUS"', '"503.00"'),
      text.replace('"STATUS"', '3.01e2'),
    ];
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(report.map((r) => (r as { status: number }).status).sort()).toEqual([301, 404, 503]);
  });

  it('reads one key written in two spellings by one rule: the listed spelling, else code-point order', async () => {
    // Tail took the spelling first in the line, the report the column it named first.
    const { status: _, remote_addr: __, ...rest } = BASE;
    const lines = [
      {
        request: 'GET /1 HTTP/1.1',
        Status: 404,
        status: 200,
        REMOTE_ADDR: '192.0.2.9',
        remote_addr: '192.0.2.1',
      },
      {
        request: 'GET /2 HTTP/1.1',
        status: 200,
        Status: 404,
        remote_addr: '192.0.2.1',
        REMOTE_ADDR: '192.0.2.9',
      },
      {
        request: 'GET /3 HTTP/1.1',
        remoteAddr: '192.0.2.3',
        'Remote-Addr': '192.0.2.2',
        sTATUS: 500,
        Status: 503,
        STATUS: 404,
      },
    ].map((o) => JSON.stringify({ ...rest, ...o }));
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(report.map((r) => [(r as { status: number }).status, (r as { ip: string }).ip])).toEqual([
      [200, '192.0.2.1'],
      [200, '192.0.2.1'],
      [404, '192.0.2.2'],
    ]);
  });

  it('reads lines with a key of no field spelt twice, a request spelt twice, or a duration that is no number', async () => {
    const { request: _, ...rest } = BASE;
    const lines = [
      // a key no field reads, in two spellings: tail sorted them with a rank it does not have
      JSON.stringify({ ...rest, request: 'GET /1 HTTP/1.1', Extra: 1, extra: 2 }),
      // the first spelling in order is no text: the next one is the request line
      JSON.stringify({ ...rest, REQUEST: { a: 1 }, Request: 'GET /2 HTTP/1.1' }),
      // no number: no duration, and no error
      JSON.stringify({ ...rest, request: 'GET /3 HTTP/1.1', request_time: 'n/a' }),
    ];
    const { report, tail } = await bothReaders(lines);
    expect(report).toEqual(tail);
    expect(
      report.map((r) => [(r as { path: string }).path, (r as { duration_ms: unknown }).duration_ms]),
    ).toEqual([
      ['/1', 50],
      ['/2', 50],
      ['/3', null],
    ]);
  });
});
