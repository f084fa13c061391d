import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

/** What the report and tail read of each line of one server's log, in the columns both have, in time order. */
async function bothReaders(lines: string[]): Promise<{ report: object[]; tail: object[]; skipped: number }> {
  const file = join(tempDir(), 'access.json');
  writeFileSync(file, lines.join('\n') + '\n');
  const db = await loadSources([file]);
  const report = await rows(
    db,
    `SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, "method", path, status, duration_ms, ip, ua,
      user_id AS "user" FROM requests ORDER BY ts`,
  );
  db.close();
  const tail = lines.map((l) => {
    const f = flattenLine(l)!;
    return {
      time: f.time,
      method: f.method ?? null,
      path: f.path ?? null,
      status: f.status ?? null,
      duration_ms: f.duration_ms ?? null,
      ip: f.ip ?? null,
      ua: f.ua ?? null,
      user: f.user ?? null,
    };
  });
  return { report, tail, skipped: db.skipped.count };
}

/** A Traefik entry at second `s`, with `extra` keys (and none of `drop`). */
function traefik(s: number, extra: Record<string, unknown>, drop: string[] = []): string {
  const entry: Record<string, unknown> = {
    ClientAddr: '203.0.113.9:41342',
    ClientHost: '203.0.113.9',
    DownstreamStatus: 200,
    Duration: 1_500_000,
    RequestMethod: 'GET',
    RequestPath: `/t${s}`,
    StartUTC: `2026-11-22T10:00:0${s}.000000000Z`,
    'request_User-Agent': 'curl/8.5.0',
    ...extra,
  };
  for (const k of drop) delete entry[k];
  return JSON.stringify(entry);
}

/** A Caddy access entry at second `s`, with `request` and top-level keys replaced as given. */
function caddy(s: number, top: Record<string, unknown>, request: Record<string, unknown> = {}): string {
  return JSON.stringify({
    level: 'info',
    ts: 1795341600 + s,
    logger: 'http.log.access.log0',
    msg: 'handled request',
    request: {
      remote_ip: '10.0.0.2',
      client_ip: '203.0.113.5',
      method: 'GET',
      uri: `/c${s}`,
      headers: { 'User-Agent': ['curl/8.5.0'] },
      ...request,
    },
    status: 200,
    duration: 0.0015,
    ...top,
  });
}

describe('Traefik lines in every layout its options give', () => {
  it('are read by tail as the report reads them: start time, client address, status and duration', async () => {
    const lines = [
      // the local start time when the UTC one is not kept, else the time the line was written
      traefik(1, { StartLocal: '2026-11-22T11:00:01.250000000+01:00' }, ['StartUTC']),
      traefik(2, { time: '2026-11-22T10:00:02Z' }, ['StartUTC']),
      // the client from ClientAddr without its port when ClientHost is not kept
      traefik(3, { ClientAddr: '[2001:db8::1]:443' }, ['ClientHost']),
      traefik(4, { ClientAddr: '198.51.100.7' }, ['ClientHost']),
      traefik(5, { ClientAddr: 'proxy.example:8080' }, ['ClientHost']),
      traefik(6, { ClientAddr: '2001:db8::2' }, ['ClientHost']),
      traefik(7, { ClientAddr: 'x[2001:db8::3]:443' }, ['ClientHost']),
      traefik(8, { ClientAddr: '198.51.100.8:80x' }, ['ClientHost']),
      // the backend's status when the client's is not kept; a duration of whole nanoseconds, rounded to the µs
      traefik(9, { OriginStatus: 404, Duration: 1_234_567, ClientUsername: 'ann' }, ['DownstreamStatus']),
      traefik(10, { Duration: '12.5' }),
      traefik(11, { Duration: 'x1000' }),
      traefik(12, { Duration: '1000x' }),
    ].map((l, i) => (i >= 9 ? l.replace(`:0${i + 1}.`, `:${i + 1}.`) : l));
    const got = await bothReaders(lines);
    expect(got.skipped).toBe(0);
    expect(got.tail).toEqual(got.report);
    expect(
      got.tail.map((r) => [(r as { ip: string }).ip, (r as { duration_ms: number }).duration_ms]),
    ).toEqual([
      ['203.0.113.9', 1.5],
      ['203.0.113.9', 1.5],
      ['2001:db8::1', 1.5],
      ['198.51.100.7', 1.5],
      ['proxy.example', 1.5],
      ['2001:db8::2', 1.5],
      ['x[2001:db8::3]:443', 1.5],
      ['198.51.100.8:80x', 1.5],
      ['203.0.113.9', 1.235],
      ['203.0.113.9', null],
      ['203.0.113.9', null],
      ['203.0.113.9', null],
    ]);
    expect(got.tail.map((r) => (r as { time: string }).time).slice(0, 2)).toEqual([
      '2026-11-22T10:00:01.250Z',
      '2026-11-22T10:00:02.000Z',
    ]);
  });
});

describe('Caddy lines in every layout its options give', () => {
  it('are read by tail as the report reads them: time, client, user agent and duration', async () => {
    const lines = [
      caddy(1, { ts: '1795341601123456789' }), // unix_nano
      caddy(2, { ts: '2026/11/22 10:00:02.500' }), // wall_milli
      caddy(3, { duration: 1_500_000 }), // nano: whole nanoseconds
      caddy(4, { duration: '850ns' }),
      caddy(5, { duration: '929.675µs' }),
      caddy(6, { duration: '1m2.5s' }),
      caddy(7, { duration: '1h0m0s' }),
      caddy(8, { duration: 2.5e-7 }), // seconds, written with an exponent
      caddy(9, { duration: '' }),
      caddy(10, { duration: '1.5 ms' }),
      caddy(11, { duration: '1h30m' }), // no seconds: Go always writes them, a hand may not
      // the peer's address when client_ip is empty; no user agent without headers
      caddy(12, { user_id: 'ann' }, { client_ip: '', headers: undefined }),
    ];
    const got = await bothReaders(lines);
    expect(got.skipped).toBe(0);
    expect(got.tail).toEqual(got.report);
    expect(got.tail.map((r) => (r as { duration_ms: number }).duration_ms)).toEqual([
      1.5,
      1.5,
      1.5,
      0.001,
      0.93,
      62500,
      3_600_000,
      0,
      null,
      null,
      5_400_000,
      1.5,
    ]);
    expect(got.tail.map((r) => (r as { time: string }).time).slice(0, 2)).toEqual([
      '2026-11-22T10:00:01.123Z',
      '2026-11-22T10:00:02.500Z',
    ]);
    expect(got.tail.at(-1)).toMatchObject({ path: '/c12', ip: '10.0.0.2', ua: null, user: 'ann' });
  });
});
