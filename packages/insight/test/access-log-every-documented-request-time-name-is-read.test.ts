import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * Every name docs/insight.md lists for a request time (Request times), each after a combined line, and the
 * milliseconds a user should see for it without --request-time; null: no time.
 */
const CASES: [after: string, ms: number | null][] = [
  // the request's own, with decimals: seconds
  [' rt=0.101', 101],
  [' request_time=0.102', 102],
  [' reqtime=0.103', 103],
  [' req_time=0.104', 104],
  [' request_duration=0.105', 105],
  [' duration=0.106', 106],
  [' req_time:0.107', 107],
  // the upstream's, when the line has no time of its own
  [' urt=0.111', 111],
  [' ut=0.112', 112],
  [' upstream_response_time=0.113', 113],
  [' upstream_time=0.114', 114],
  // a unit in the name is kept, whole numbers included
  [' rt_seconds=2', 2000],
  [' rt_secs=3', 3000],
  [' rt_sec=4', 4000],
  [' rt_s=5', 5000],
  [' duration_milliseconds=21', 21],
  [' duration_millis=22', 22],
  [' duration_msec=23', 23],
  [' duration_ms=24', 24],
  [' request_time_microseconds=1500', 1.5],
  [' request_time_micros=2500', 2.5],
  [' request_time_usec=3500', 3.5],
  [' request_time_us=4500', 4.5],
  [' D=5500', 5.5],
  [' RT_MS=31', 31],
  // connect and header times are never the request's; a name that only ends in a known one is another name
  [' uct=0.001 uht=0.002', null],
  [' xrt=0.5', null],
];

const log = (): string =>
  CASES.map(([after], i) =>
    combinedLine({ ip: `192.0.2.${i + 1}`, second: i, target: `/t${i}`, status: 200, ua: UA, after }),
  ).join('\n') + '\n';

/** tail's way of writing a duration (`1.5 ms`, `2,000 ms`), as in tail-shows-how-long-each-request-took. */
const shown = (ms: number): string =>
  `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US')} ms`;

describe('every request-time name the docs list', () => {
  it('is read by the report and by tail, in the unit its name states', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.log');
    writeFileSync(file, log());
    const sql = await cli(['sql', 'SELECT path, duration_ms FROM requests ORDER BY ts', dir, '--json']);
    expect(sql.code, sql.err).toBe(0);
    expect(JSON.parse(sql.out)).toEqual(CASES.map(([, ms], i) => ({ path: `/t${i}`, duration_ms: ms })));

    const tail = await cli(['tail', file, '--no-color', '-n', String(CASES.length)]);
    const lines = tail.out.trim().split('\n');
    expect(lines).toHaveLength(CASES.length);
    CASES.forEach(([, ms], i) => {
      expect(lines[i]).toContain(ms === null ? `GET /t${i} human` : `GET /t${i} ${shown(ms)} human`);
    });
  });
});
