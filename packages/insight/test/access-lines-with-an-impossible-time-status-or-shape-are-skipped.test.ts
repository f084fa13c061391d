import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const T = '21/Nov/2026:10:00:00 +0000';
/** A combined line with one part replaced; the path names the line, so tail's output can be matched to it. */
const line = (name: string, p: { head?: string; time?: string; rest?: string } = {}): string =>
  `${p.head ?? '192.0.2.1 - -'} [${p.time ?? T}] "GET /${name} HTTP/1.1"${p.rest ?? ` 200 512 "-" "${UA}"`}`;

/** Lines no server writes for a request: each is skipped, by the report and by tail. */
const SKIPPED = [
  // dates and times that do not exist, which Date.UTC would roll over into the next day or hour
  line('april-31', { time: '31/Apr/2026:10:00:00 +0000' }),
  line('february-29-of-2026', { time: '29/Feb/2026:10:00:00 +0000' }),
  line('day-0', { time: '00/Nov/2026:10:00:00 +0000' }),
  line('hour-24', { time: '21/Nov/2026:24:00:00 +0000' }),
  line('minute-60', { time: '21/Nov/2026:10:60:00 +0000' }),
  line('second-60', { time: '21/Nov/2026:10:00:60 +0000' }),
  line('offset-minute-60', { time: '21/Nov/2026:23:59:59 +0060' }),
  line('no-offset-sign', { time: '21/Nov/2026:23:59:59 x0000' }),
  line('no-offset', { time: '21/Nov/2026:23:59:59' }),
  line('month-unknown', { time: '21/Xyz/2026:10:00:00 +0000' }),
  // a time of the right length whose separators or digits are something else
  line('day-separator', { time: '21-Nov/2026:10:00:00 +0000' }),
  line('month-separator', { time: '21/Nov-2026:10:00:00 +0000' }),
  line('date-separator', { time: '21/Nov/2026 10:00:00 +0000' }),
  line('zone-separator', { time: '21/Nov/2026:10:00:00_+0000' }),
  line('day-letters', { time: '2x/Nov/2026:10:00:00 +0000' }),
  line('year-letters', { time: '21/Nov/2o26:10:00:00 +0000' }),
  line('hour-letters', { time: '21/Nov/2026:1x:00:00 +0000' }),
  line('minute-letters', { time: '21/Nov/2026:10:0x:00 +0000' }),
  line('second-letters', { time: '21/Nov/2026:10:00:0x +0000' }),
  line('offset-hour-letters', { time: '21/Nov/2026:10:00:00 +0x00' }),
  line('offset-minute-letters', { time: '21/Nov/2026:10:00:00 +000x' }),
  // statuses outside 100-599
  line('status-99', { rest: ` 099 512 "-" "${UA}"` }),
  line('status-600', { rest: ` 600 512 "-" "${UA}"` }),
  line('status-word', { rest: ` OK 512 "-" "${UA}"` }),
  // shapes: two quoted fields, a common line without its size, a head of two words or of five
  line('two-quoted', { rest: ` 200 512 "-"` }),
  line('common-without-size', { rest: ' 200' }),
  line('short-head', { head: '192.0.2.1 -' }),
  line('long-head', { head: '192.0.2.1 a b c d' }),
  `192.0.2.1 - - [${T}] GET /unquoted HTTP/1.1 200 512`,
  `192.0.2.1 - - [${T}]"GET /no-space HTTP/1.1" 200 512`,
  // cut after a bracketed IPv6 client, before the time
  '[2001:db8::4] - -',
];

/** Lines at the edges of what is read, with what the report must give for them. */
const READ: [text: string, row: Record<string, unknown>][] = [
  [
    line('leap-day', { time: '29/Feb/2024:23:59:59 -0730' }),
    {
      path: '/leap-day',
      time: '2024-03-01T07:29:59Z',
      status: 200,
      ip: '192.0.2.1',
      vhost: null,
      user_id: null,
    },
  ],
  [
    line('status-100', { time: '01/Jan/2026:00:00:00 +1400', rest: ` 100 0 "-" "${UA}"` }),
    {
      path: '/status-100',
      time: '2025-12-31T10:00:00Z',
      status: 100,
      ip: '192.0.2.1',
      vhost: null,
      user_id: null,
    },
  ],
  [
    line('status-599', { rest: ` 599 - "-" "${UA}"` }),
    {
      path: '/status-599',
      time: '2026-11-21T10:00:00Z',
      status: 599,
      ip: '192.0.2.1',
      vhost: null,
      user_id: null,
    },
  ],
  // a combined line without its size, and a vhost line whose ident is not `-`
  [
    line('no-size', { rest: ` 200 "-" "${UA}"` }),
    {
      path: '/no-size',
      time: '2026-11-21T10:00:00Z',
      status: 200,
      ip: '192.0.2.1',
      vhost: null,
      user_id: null,
    },
  ],
  [
    line('identd', { head: 'www.example.com 192.0.2.7 ident7 alice' }),
    {
      path: '/identd',
      time: '2026-11-21T10:00:00Z',
      status: 200,
      ip: '192.0.2.7',
      vhost: 'www.example.com',
      user_id: 'alice',
    },
  ],
];

describe('access lines with a time, status or shape no server writes', () => {
  it('are skipped and counted by the report, and left out by tail; the lines at the edges are read', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, [...READ.map(([text]) => text), ...SKIPPED].join('\n') + '\n');

    const report = await cli(['report', dir, '--json']);
    expect(report.code, report.err).toBe(0);
    const r = JSON.parse(report.out) as { totals: { requests: number }; skipped: { count: number } };
    expect([r.totals.requests, r.skipped.count]).toEqual([READ.length, SKIPPED.length]);

    const sql = await cli([
      'sql',
      `SELECT path, strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS time, status, ip, vhost, user_id FROM requests ORDER BY path`,
      dir,
      '--json',
    ]);
    expect(JSON.parse(sql.out)).toEqual(
      READ.map(([, row]) => row).sort((a, b) => String(a.path).localeCompare(String(b.path))),
    );

    const tail = await cli(['tail', file, '--no-color', '-n', '100']);
    const paths = tail.out
      .trim()
      .split('\n')
      .map((l) => /GET (\/\S+)/.exec(l)?.[1]);
    expect(paths).toEqual(READ.map(([, row]) => row.path));
  });
});
