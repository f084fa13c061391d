import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const T = (second: number): string => `22/Nov/2026:10:00:0${second} +0000`;

/**
 * Nginx writes 000 when the client closed the connection before any response, and 009 for an HTTP/0.9 request
 * (no protocol on its request line). Each is once on DuckDB's fast path and once after a line only the parser reads
 * (a user name with a space), so both readers are checked.
 */
const LINES = [
  `192.0.2.1 - - [${T(0)}] "GET /ok HTTP/1.1" 200 512 "-" "${UA}"`,
  `192.0.2.2 - - [${T(1)}] "GET /closed HTTP/1.1" 000 0 "-" "${UA}"`,
  `192.0.2.3 - - [${T(2)}] "GET /old" 009 0 "-" "-"`,
  `192.0.2.4 - john doe [${T(3)}] "POST /closed-too HTTP/2.0" 000 0 "-" "${UA}" 0.250`,
  `192.0.2.5 - john doe [${T(4)}] "GET /old-too" 009 -`,
];

describe('access lines with Nginx status 000 or 009', () => {
  it('are requests in status class 0xx, in the report and in tail, not skipped lines', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, LINES.join('\n') + '\n');

    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as {
      totals: { requests: number; errors: number };
      status: Record<string, number>;
      skipped: { count: number };
    };
    expect(r.totals).toMatchObject({ requests: 5, errors: 0 });
    expect(r.status).toEqual({ '0xx': 4, '2xx': 1 });
    expect(r.skipped.count).toBe(0);

    const sql = await cli([
      'sql',
      'SELECT "method", path, status, ip, user_id, duration_ms FROM requests ORDER BY ts',
      dir,
      '--json',
    ]);
    expect(sql.code, sql.err).toBe(0);
    expect(JSON.parse(sql.out)).toEqual([
      { method: 'GET', path: '/ok', status: 200, ip: '192.0.2.1', user_id: null, duration_ms: null },
      { method: 'GET', path: '/closed', status: 0, ip: '192.0.2.2', user_id: null, duration_ms: null },
      { method: 'GET', path: '/old', status: 9, ip: '192.0.2.3', user_id: null, duration_ms: null },
      {
        method: 'POST',
        path: '/closed-too',
        status: 0,
        ip: '192.0.2.4',
        user_id: 'john doe',
        duration_ms: 250,
      },
      { method: 'GET', path: '/old-too', status: 9, ip: '192.0.2.5', user_id: 'john doe', duration_ms: null },
    ]);

    // the status filter finds them by the code as logged
    const closed = await cli(['report', dir, '--json', '--filter', 'status=000']);
    expect((JSON.parse(closed.out) as { totals: { requests: number } }).totals.requests).toBe(2);
    const noAnswer = await cli(['report', dir, '--json', '--filter', 'status=0xx']);
    expect(noAnswer.err).toBe('');
    expect((JSON.parse(noAnswer.out) as { totals: { requests: number } }).totals.requests).toBe(4);

    const tail = await cli(['tail', file, '--no-color', '-n', '100']);
    expect(tail.code, tail.err).toBe(0);
    const shown = tail.out
      .trim()
      .split('\n')
      .map((l) => /\.\d{3} (\d+) ([A-Z]+) (\/\S+)/.exec(l)?.slice(1));
    expect(shown).toEqual([
      ['200', 'GET', '/ok'],
      // in three digits, as the server wrote them
      ['000', 'GET', '/closed'],
      ['009', 'GET', '/old'],
      ['000', 'POST', '/closed-too'],
      ['009', 'GET', '/old-too'],
    ]);

    // tail's filter finds them as the report's does
    const tailClosed = await cli(['tail', file, '--no-color', '-n', '100', '--filter', 'status=000']);
    expect(tailClosed.out.trim().split('\n')).toHaveLength(2);
    const tailNoAnswer = await cli(['tail', file, '--no-color', '-n', '100', '--filter', 'status=0xx']);
    expect(tailNoAnswer.out.trim().split('\n')).toHaveLength(4);

    // an anonymised copy writes them as logged, so it reads the same
    const copy = join(tempDir(), 'access.log');
    const anonymised = await cli(['anonymise', file, copy]);
    expect(anonymised.code, anonymised.err).toBe(0);
    const again = await cli(['report', copy, '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ status: r.status, skipped: { count: 0 } });
  });
});
