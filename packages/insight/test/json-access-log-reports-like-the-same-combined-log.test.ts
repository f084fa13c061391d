import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_ROWS_SQL, cli, tempDir } from './helpers/records.js';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

interface Req {
  ip: string;
  user?: string;
  second: number;
  request: string;
  status: number;
  bytes?: number;
  referer?: string;
  ua?: string;
  seconds: string;
}

/** Humans, a crawler, a scanner's probes, errors, a user, an empty request: what a small site logs. */
const REQUESTS: Req[] = [
  {
    ip: '203.0.113.5',
    second: 1,
    request: 'GET / HTTP/1.1',
    status: 200,
    bytes: 5120,
    ua: FIREFOX,
    seconds: '0.012',
  },
  {
    ip: '203.0.113.5',
    second: 2,
    request: 'GET /shop?page=2&sort=price HTTP/1.1',
    status: 200,
    bytes: 8000,
    referer: 'https://shop.example/',
    ua: FIREFOX,
    seconds: '0.250',
  },
  {
    ip: '203.0.113.5',
    user: 'alice',
    second: 3,
    request: 'POST /cart HTTP/1.1',
    status: 500,
    bytes: 0,
    referer: 'https://shop.example/shop?page=2',
    ua: FIREFOX,
    seconds: '1.500',
  },
  {
    ip: '66.249.66.1',
    second: 4,
    request: 'GET /robots.txt HTTP/1.1',
    status: 200,
    bytes: 60,
    ua: GOOGLEBOT,
    seconds: '0.001',
  },
  {
    ip: '66.249.66.1',
    second: 5,
    request: 'GET /old-page HTTP/1.1',
    status: 404,
    bytes: 150,
    ua: GOOGLEBOT,
    seconds: '0.002',
  },
  {
    ip: '198.51.100.7',
    second: 6,
    request: 'GET /wp-login.php HTTP/1.1',
    status: 404,
    bytes: 150,
    ua: 'curl/8.4.0',
    seconds: '0.003',
  },
  {
    ip: '198.51.100.7',
    second: 7,
    request: "GET /item?id=1'%20OR%20'1'='1 HTTP/1.1",
    status: 403,
    ua: 'sqlmap/1.7',
    seconds: '0.004',
  },
  { ip: '198.51.100.8', second: 8, request: '', status: 400, bytes: 0, seconds: '0.000' },
  {
    ip: '203.0.113.9',
    second: 9,
    request: 'GET /about HTTP/2.0',
    status: 304,
    ua: FIREFOX,
    seconds: '0.020',
  },
];

const time = (second: number): string => `22/Nov/2026:10:00:${String(second).padStart(2, '0')} +0000`;

const combined = (r: Req): string =>
  `${r.ip} - ${r.user ?? '-'} [${time(r.second)}] "${r.request}" ${r.status} ${r.bytes ?? '-'} ` +
  `"${r.referer ?? '-'}" "${r.ua ?? '-'}" ${r.seconds}`;

/** As Nginx writes it with `log_format ... escape=json`: every value a string, `-` or `""` for none. */
const nginxJson = (r: Req): string =>
  JSON.stringify({
    time_local: time(r.second),
    remote_addr: r.ip,
    remote_user: r.user ?? '',
    request: r.request,
    status: String(r.status),
    body_bytes_sent: r.bytes === undefined ? '-' : String(r.bytes),
    http_referer: r.referer ?? '',
    http_user_agent: r.ua ?? '-',
    request_time: r.seconds,
  });

/** The report without what names the source or the moment it was made. */
async function report(dir: string): Promise<Record<string, unknown>> {
  const r = await cli(['report', dir, '--json']);
  expect(r.code, r.err).toBe(0);
  const { sources, generated_at, ...rest } = JSON.parse(r.out) as Record<string, unknown>;
  expect(sources).toHaveLength(1);
  expect(generated_at).toBeTypeOf('string');
  return rest;
}

async function sql(dir: string): Promise<unknown> {
  const r = await cli(['sql', `${ACCESS_ROWS_SQL} ORDER BY time`, dir, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

describe('a JSON access log', () => {
  it('gives the same report and rows as the same requests in the combined format', async () => {
    const root = tempDir();
    const plain = join(root, 'plain');
    const json = join(root, 'json');
    mkdirSync(plain);
    mkdirSync(json);
    writeFileSync(join(plain, 'access.log'), REQUESTS.map(combined).join('\n') + '\n');
    writeFileSync(join(json, 'access.json'), REQUESTS.map(nginxJson).join('\n') + '\n');

    const fromJson = await report(json);
    expect(fromJson).toEqual(await report(plain));
    // Not two empty reports: every request is in, classified (the crawler, the scanner) and timed.
    expect(fromJson.totals).toMatchObject({ requests: REQUESTS.length });
    expect(JSON.stringify(fromJson.clients)).toContain('Googlebot');
    expect(JSON.stringify(fromJson)).toContain('/cart');

    const rows = await sql(json);
    expect(rows).toEqual(await sql(plain));
    expect(rows).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/cart',
        status: 500,
        duration_ms: 1500,
        user_id: 'alice',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/shop', query: 'page=2&sort=price' }),
    );

    const sources = JSON.parse((await cli(['report', json, '--json'])).out) as {
      sources: { format: string }[];
    };
    expect(sources.sources[0]!.format).toBe('json-access');
  });
});
