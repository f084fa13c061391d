import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_ROWS_SQL, cli, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0';
const AT = Date.UTC(2026, 10, 22, 10, 0, 0);

/** The columns a row must have; the keys each line uses are the admin's choice. */
const want = (o: Partial<Record<string, unknown>>): Record<string, unknown> => ({
  time: AT,
  method: 'GET',
  path: '/a',
  query: null,
  status: 200,
  bytes: null,
  duration_ms: null,
  ip: null,
  ua: null,
  referer: null,
  user_id: null,
  vhost: null,
  ...o,
});

const CASES: [object, Record<string, unknown>][] = [
  [
    {
      time_iso8601: '2026-11-22T10:00:00+00:00',
      client_ip: '192.0.2.1',
      request: 'GET /a?x=1 HTTP/1.1',
      status: 200,
    },
    want({ query: 'x=1', ip: '192.0.2.1' }),
  ],
  [
    // another zone's offset, and a number for the status
    {
      time_iso8601: '2026-11-22T12:00:01+02:00',
      ip: '192.0.2.2',
      request_method: 'POST',
      request_uri: '/a?b=2',
      status: 201,
    },
    want({ time: AT + 1000, method: 'POST', query: 'b=2', status: 201, ip: '192.0.2.2' }),
  ],
  [
    // Logstash and Elastic shippers write `@timestamp` with milliseconds
    {
      '@timestamp': '2026-11-22T10:00:02.250Z',
      remote_addr: '192.0.2.3',
      method: 'GET',
      uri: '/a',
      args: 'q=shoes',
      status: '404',
      bytes_sent: '150',
      referer: 'https://example.org/',
      user_agent: UA,
      upstream_response_time: '0.012, 0.003',
      host: 'shop.example',
    },
    want({
      time: AT + 2250,
      query: 'q=shoes',
      status: 404,
      bytes: '150',
      duration_ms: 12,
      ip: '192.0.2.3',
      ua: UA,
      referer: 'https://example.org/',
      vhost: 'shop.example',
    }),
  ],
  [
    // Apache's %t keeps its brackets; %q its question mark
    {
      time: '[22/Nov/2026:11:00:03 +0100]',
      remoteIP: '192.0.2.4',
      method: 'HEAD',
      url: '/a',
      query: '?page=1',
      status: '200',
      userAgent: UA,
      server_name: 'www.example',
    },
    want({ time: AT + 3000, method: 'HEAD', query: 'page=1', ip: '192.0.2.4', ua: UA, vhost: 'www.example' }),
  ],
  [
    {
      timestamp: '2026-11-22 10:00:04',
      remote_addr: '192.0.2.5',
      request: 'GET /a HTTP/1.1',
      status: 200,
      body_bytes_sent: 0,
      http_referer: '-',
      http_user_agent: '',
      request_time: 0.5,
      query_string: '',
    },
    want({ time: AT + 4000, bytes: '0', duration_ms: 500, ip: '192.0.2.5' }),
  ],
];

describe('a JSON access log', () => {
  it('is read whichever of the usual key names each line uses', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.json'), CASES.map(([line]) => JSON.stringify(line)).join('\n') + '\n');
    const r = await cli(['sql', `${ACCESS_ROWS_SQL} ORDER BY time`, dir, '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual(CASES.map(([, row]) => row));
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as { skipped: { count: number } };
    expect(report.skipped.count).toBe(0);
  });
});
