import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';
const AT = Date.UTC(2024, 10, 21, 14, 40, 0); // 1732200000 s

/** One entry per path; `time` and `ms` are what a user should see for it (ms under the default auto). */
const CASES: [entry: object, time: number, ms: number | null][] = [
  // Nginx's $msec, as a JSON number and as a string, and epoch milliseconds and seconds under other keys
  [{ msec: 1732200000.123, request: 'GET /msec HTTP/1.1', status: 200, request_time: 0.25 }, AT + 123, 250],
  [{ msec: '1732200000.5', request: 'GET /msec-text HTTP/1.1', status: 200 }, AT + 500, null],
  [{ time: 1732200001234, request: 'GET /millis HTTP/1.1', status: 200 }, AT + 1234, null],
  [{ timestamp: 1732200002, request: 'GET /seconds HTTP/1.1', status: 200 }, AT + 2000, null],
  // other letter cases and separators of the documented keys
  [
    {
      Time_Local: '21/Nov/2024:14:40:03 +0000',
      RemoteAddr: '2001:db8::7',
      Request: 'GET /cased HTTP/1.1',
      Status: '404',
      'http-user-agent': UA,
      Request_Time: '0.040',
    },
    AT + 3000,
    40,
  ],
  [
    {
      '@Timestamp': '2024-11-21T14:40:04Z',
      'remote-addr': '192.0.2.9',
      requestMethod: 'POST',
      requestUri: '/camel?x=1',
      STATUS: 201,
      requestTime: 0,
    },
    AT + 4000,
    0,
  ],
  // a key that states its unit keeps it
  [
    {
      time_iso8601: '2024-11-21T14:40:05+00:00',
      request: 'GET /stated HTTP/1.1',
      status: 200,
      duration_us: 1500,
    },
    AT + 5000,
    1.5,
  ],
  // no time of the request's own (`-`): the upstream's, the first of a redirect's ` : ` list
  [
    {
      time_iso8601: '2024-11-21T14:40:06+00:00',
      request: 'GET /upstream HTTP/1.1',
      status: 200,
      request_time: '-',
      upstream_response_time: '0.012 : 0.003',
    },
    AT + 6000,
    12,
  ],
];

const writeLog = (): string => {
  const dir = tempDir();
  writeFileSync(join(dir, 'access.json'), CASES.map(([e]) => JSON.stringify(e)).join('\n') + '\n');
  return dir;
};

const read = async (dir: string, extra: string[] = []): Promise<Record<string, unknown>[]> => {
  const r = await cli([
    'sql',
    'SELECT path, epoch_ms(ts)::DOUBLE AS time, status, ip, ua, duration_ms FROM requests ORDER BY ts',
    dir,
    '--json',
    ...extra,
  ]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>[];
};

describe('a JSON access log', () => {
  it('is read with epoch times, keys in any letter case or separator, and the times each key states', async () => {
    const dir = writeLog();
    const got = await read(dir);
    expect(got.map((r) => [r.path, r.time, r.duration_ms])).toEqual(
      CASES.map(([, time, ms], i) => [
        ['/msec', '/msec-text', '/millis', '/seconds', '/cased', '/camel', '/stated', '/upstream'][i],
        time,
        ms,
      ]),
    );
    expect(got[4]).toMatchObject({ status: 404, ip: '2001:db8::7', ua: UA });
    expect(got[5]).toMatchObject({ status: 201, ip: '192.0.2.9' });
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as { skipped: { count: number } };
    expect(report.skipped.count).toBe(0);
  });

  it('reads a file that spells every key one way of its own (Nginx with camelCase names, say)', async () => {
    const dir = tempDir();
    const entry = (i: number): object => ({
      timeIso8601: `2024-11-21T14:40:0${i}+00:00`,
      remoteAddr: `192.0.2.${i}`,
      requestMethod: 'GET',
      requestUri: `/p${i}`,
      Status: 200,
      httpUserAgent: UA,
      requestTime: '0.125',
    });
    writeFileSync(join(dir, 'access.json'), [1, 2, 3].map((i) => JSON.stringify(entry(i))).join('\n') + '\n');
    expect((await read(dir)).map((r) => [r.path, r.time, r.ip, r.ua, r.duration_ms])).toEqual(
      [1, 2, 3].map((i) => [`/p${i}`, AT + i * 1000, `192.0.2.${i}`, UA, 125]),
    );
  });

  it('reads request_time in the unit --request-time names, and keys that state a unit in theirs', async () => {
    const dir = writeLog();
    const ms = async (unit: string): Promise<unknown[]> =>
      (await read(dir, ['--request-time', unit])).map((r) => r.duration_ms);
    // request_time of Apache's %D under --request-time us; duration_us stays microseconds
    expect(await ms('us')).toEqual([0.25 * 0.001, null, null, null, 0.04 * 0.001, 0, 1.5, 0.012 * 0.001]);
    expect(await ms('none')).toEqual(CASES.map(() => null));
  });

  it('reads a tiny duration written as a JSON number as that many seconds', async () => {
    const dir = tempDir();
    const entry = { time_iso8601: '2024-11-21T14:40:00Z', request: 'GET /fast HTTP/1.1', status: 200 };
    writeFileSync(
      join(dir, 'access.json'),
      [0.00002, 0.0015, '2e-05'].map((t) => JSON.stringify({ ...entry, request_time: t })).join('\n') + '\n',
    );
    // DuckDB hands 0.00002 over as the text 2e-05; read up to the `e`, it was 2 seconds
    expect((await read(dir)).map((r) => r.duration_ms)).toEqual([0.02, 1.5, 0.02]);
  });

  it('is tailed with the same times and durations', async () => {
    const dir = writeLog();
    const r = await cli(['tail', join(dir, 'access.json'), '--no-color']);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^2024-11-21 14:40:00\.123 200 GET \/msec 250 ms /);
    expect(lines[4]).toMatch(/^2024-11-21 14:40:03\.000 404 GET \/cased 40 ms .* 2001:db8::7\b/);
    expect(lines[7]).toMatch(/^2024-11-21 14:40:06\.000 200 GET \/upstream 12 ms /);
    const micros = await cli(['tail', join(dir, 'access.json'), '--no-color', '--request-time', 'us']);
    expect(micros.out).toContain('GET /stated 1.5 ms');
    expect(micros.out).not.toContain('GET /msec 250 ms');
  });
});
