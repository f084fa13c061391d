/**
 * One small site's requests as Caddy and Traefik write them in their JSON access logs, and as the same requests in
 * a vhost-combined log with Nginx's request time, written by hand after each server's documented layout.
 */

export const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
export const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

export interface SiteRequest {
  /** The client, as the server resolved it (Caddy's client_ip, Traefik's ClientHost). */
  ip: string;
  /** The peer the request came from (a proxy in front, or the client itself). */
  peer: string;
  port: number;
  second: number;
  method: string;
  uri: string;
  proto: string;
  status: number;
  /** What the backend answered, when a middleware answered instead (Traefik). */
  origin?: number;
  bytes: number;
  referer?: string;
  ua?: string;
  user?: string;
  /** The request's time in seconds, as Nginx's `$request_time` writes it. */
  seconds: string;
  cookie?: string;
  authorization?: string;
}

export const HOST = 'shop.example';

/** A human shopping, a crawler, a WordPress prober, an SQL injection, a slow POST, an IPv6 client, a rate limit. */
export const SITE: SiteRequest[] = [
  {
    ip: '203.0.113.5',
    peer: '10.0.0.2',
    port: 41342,
    second: 1,
    method: 'GET',
    uri: '/',
    proto: 'HTTP/2.0',
    status: 200,
    bytes: 5120,
    ua: FIREFOX,
    seconds: '0.012',
    cookie: 'sessionid=9f8e7d6c5b4a',
  },
  {
    ip: '203.0.113.5',
    peer: '10.0.0.2',
    port: 41342,
    second: 2,
    method: 'GET',
    uri: '/shop?page=2&sort=price',
    proto: 'HTTP/2.0',
    status: 200,
    bytes: 8000,
    referer: 'https://shop.example/',
    ua: FIREFOX,
    seconds: '0.250',
    cookie: 'sessionid=9f8e7d6c5b4a',
  },
  {
    ip: '203.0.113.5',
    peer: '10.0.0.2',
    port: 41342,
    second: 3,
    method: 'POST',
    uri: '/cart',
    proto: 'HTTP/2.0',
    status: 500,
    bytes: 0,
    referer: 'https://shop.example/shop?page=2',
    ua: FIREFOX,
    user: 'alice',
    seconds: '1.500',
    cookie: 'sessionid=9f8e7d6c5b4a',
    authorization: 'Basic YWxpY2U6czNjcjN0LXBhc3M=',
  },
  {
    ip: '66.249.66.1',
    peer: '66.249.66.1',
    port: 52100,
    second: 4,
    method: 'GET',
    uri: '/robots.txt',
    proto: 'HTTP/1.1',
    status: 200,
    bytes: 60,
    ua: GOOGLEBOT,
    seconds: '0.001',
  },
  {
    ip: '66.249.66.1',
    peer: '66.249.66.1',
    port: 52100,
    second: 5,
    method: 'GET',
    uri: '/old-page',
    proto: 'HTTP/1.1',
    status: 404,
    bytes: 150,
    ua: GOOGLEBOT,
    seconds: '0.002',
  },
  {
    ip: '198.51.100.7',
    peer: '198.51.100.7',
    port: 60001,
    second: 6,
    method: 'GET',
    uri: '/wp-login.php?x=1',
    proto: 'HTTP/1.1',
    status: 404,
    bytes: 150,
    ua: 'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0',
    seconds: '0.003',
  },
  {
    ip: '198.51.100.7',
    peer: '198.51.100.7',
    port: 60002,
    second: 7,
    method: 'GET',
    uri: "/item?id=1'%20OR%20'1'='1",
    proto: 'HTTP/1.1',
    status: 403,
    bytes: 0,
    ua: 'sqlmap/1.7.2#stable (https://sqlmap.org)',
    seconds: '0.004',
  },
  {
    ip: '2001:db8::4',
    peer: '2001:db8::4',
    port: 443,
    second: 8,
    method: 'GET',
    uri: '/about',
    proto: 'HTTP/2.0',
    status: 304,
    bytes: 0,
    ua: FIREFOX,
    seconds: '0.020',
  },
  {
    ip: '192.0.2.44',
    peer: '192.0.2.44',
    port: 50123,
    second: 9,
    method: 'GET',
    uri: '/api/prices',
    proto: 'HTTP/1.1',
    status: 429,
    origin: 0,
    bytes: 17,
    ua: 'python-requests/2.32.3',
    seconds: '0.000',
  },
];

const START = Date.UTC(2026, 10, 22, 10, 0, 0);
const epochSeconds = (r: SiteRequest): number => START / 1000 + r.second + 0.5241;
const iso = (r: SiteRequest): string => new Date(START + r.second * 1000 + 524).toISOString();

/** The same request in a vhost-combined line with Nginx's `$request_time` after it. */
export function combinedLine(r: SiteRequest): string {
  const t = `22/Nov/2026:10:00:${String(r.second).padStart(2, '0')} +0000`;
  return (
    `${HOST} ${r.ip} - ${r.user ?? '-'} [${t}] "${r.method} ${r.uri} ${r.proto}" ${r.status} ${r.bytes} ` +
    `"${r.referer ?? '-'}" "${r.ua ?? '-'}" ${r.seconds}`
  );
}

export interface CaddyShape {
  /** `time_format`: the default epoch seconds, `wall_milli`, `unix_nano` or `iso8601`. */
  time?: 'seconds' | 'wall_milli' | 'unix_nano' | 'iso8601';
  /** `duration_format`: the default seconds, `string` (Go's `1.2ms`) or `nano`. */
  duration?: 'seconds' | 'string' | 'nano';
}

function caddyTs(r: SiteRequest, shape: CaddyShape): number | string {
  const ms = START + r.second * 1000 + 524;
  switch (shape.time ?? 'seconds') {
    case 'seconds':
      return epochSeconds(r);
    case 'wall_milli':
      return iso(r).replace('T', ' ').replace('Z', '').replaceAll('-', '/');
    case 'unix_nano':
      return `${ms}100000`;
    case 'iso8601':
      // zap's ISO8601: milliseconds and a numeric offset without colon, here a server one hour east of UTC
      return new Date(ms + 3600_000).toISOString().replace('Z', '+0100');
  }
}

function caddyDuration(r: SiteRequest, shape: CaddyShape): number | string {
  const s = Number(r.seconds);
  switch (shape.duration ?? 'seconds') {
    case 'seconds':
      return s;
    case 'nano':
      return Math.round(s * 1e9);
    case 'string':
      // Go's time.Duration text: µs below a millisecond, ms below a second, then seconds
      return s === 0 ? '0s' : s < 0.001 ? `${s * 1e6}µs` : s < 1 ? `${s * 1000}ms` : `${s}s`;
  }
}

/** A request as Caddy v2's access logger writes it (`log { output file … format json }`). */
export function caddyLine(r: SiteRequest, shape: CaddyShape = {}): string {
  const headers: Record<string, string[]> = {
    Accept: ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    'Accept-Encoding': ['gzip, deflate, br'],
  };
  if (r.ua) headers['User-Agent'] = [r.ua];
  if (r.referer) headers.Referer = [r.referer];
  if (r.cookie) headers.Cookie = [r.cookie];
  if (r.authorization) headers.Authorization = [r.authorization];
  if (r.peer !== r.ip) headers['X-Forwarded-For'] = [r.ip];
  return JSON.stringify({
    level: r.status >= 500 ? 'error' : 'info',
    ts: caddyTs(r, shape),
    logger: 'http.log.access.log0',
    msg: 'handled request',
    request: {
      remote_ip: r.peer,
      remote_port: String(r.port),
      client_ip: r.ip,
      proto: r.proto,
      method: r.method,
      host: HOST,
      uri: r.uri,
      headers,
      ...(r.proto === 'HTTP/2.0'
        ? { tls: { resumed: false, version: 772, cipher_suite: 4865, proto: 'h2', server_name: HOST } }
        : {}),
    },
    bytes_read: r.method === 'POST' ? 42 : 0,
    user_id: r.user ?? '',
    duration: caddyDuration(r, shape),
    size: r.bytes,
    status: r.status,
    resp_headers: {
      Server: ['Caddy'],
      'Content-Type': ['text/html; charset=utf-8'],
      ...(r.status === 200 && r.method === 'GET' && r.uri === '/'
        ? { 'Set-Cookie': ['sessionid=9f8e7d6c5b4a; Path=/; HttpOnly'] }
        : {}),
    },
  });
}

/** Lines Caddy's other loggers write to the same file when its logs are sent there: no requests. */
export const CADDY_OTHER_LINES = [
  JSON.stringify({
    level: 'info',
    ts: START / 1000 + 0.1,
    logger: 'tls.obtain',
    msg: 'certificate obtained successfully',
    identifier: HOST,
  }),
  JSON.stringify({
    level: 'error',
    ts: START / 1000 + 3.2,
    logger: 'http.handlers.reverse_proxy',
    msg: 'aborting with incomplete response',
    upstream: '10.0.0.9:8080',
    duration: 1.49,
    request: {
      remote_ip: '10.0.0.2',
      remote_port: '41342',
      client_ip: '203.0.113.5',
      proto: 'HTTP/2.0',
      method: 'POST',
      host: HOST,
      uri: '/cart',
      headers: { 'User-Agent': [FIREFOX] },
    },
    error: 'reading: context canceled',
  }),
];

/** A request as Traefik writes it with `accessLog: { format: json, fields: { headers: { defaultMode: keep } } }`. */
export function traefikLine(r: SiteRequest, options: { clientHost?: boolean } = {}): string {
  const ms = START + r.second * 1000 + 524;
  const ns = Math.round(Number(r.seconds) * 1e9);
  const addr = r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`;
  const entry: Record<string, unknown> = {
    ClientAddr: addr,
    ...(options.clientHost === false ? {} : { ClientHost: r.ip }),
    ClientPort: String(r.port),
    ClientUsername: r.user ?? '-',
    DownstreamContentSize: r.bytes,
    DownstreamStatus: r.status,
    Duration: ns,
    OriginContentSize: r.origin === 0 ? 0 : r.bytes,
    OriginDuration: Math.max(0, ns - 41230),
    OriginStatus: r.origin ?? r.status,
    Overhead: 41230,
    RequestAddr: HOST,
    RequestContentSize: r.method === 'POST' ? 42 : 0,
    RequestCount: r.second,
    RequestHost: HOST,
    RequestMethod: r.method,
    RequestPath: r.uri,
    RequestPort: '-',
    RequestProtocol: r.proto,
    RequestScheme: 'https',
    RetryAttempts: 0,
    RouterName: 'shop@docker',
    ServiceAddr: '10.0.0.9:8080',
    ServiceName: 'shop@docker',
    ServiceURL: 'http://10.0.0.9:8080',
    StartLocal: new Date(ms + 3600_000)
      .toISOString()
      .replace('Z', '+01:00')
      .replace(/(\.\d{3})/, '$1456789'),
    StartUTC: new Date(ms).toISOString().replace(/(\.\d{3})Z/, '$1456789Z'),
    TLSCipher: 'TLS_AES_128_GCM_SHA256',
    TLSVersion: '1.3',
    entryPointName: 'websecure',
    level: 'info',
    msg: '',
    ...(r.ua ? { 'request_User-Agent': r.ua } : {}),
    ...(r.referer ? { request_Referer: r.referer } : {}),
    ...(r.cookie ? { request_Cookie: r.cookie } : {}),
    ...(r.authorization ? { request_Authorization: r.authorization } : {}),
    'request_X-Forwarded-For': r.ip,
    'request_X-Real-Ip': r.ip,
    time: new Date(ms + Math.ceil(Number(r.seconds) * 1000) + 1000).toISOString().replace('.000', ''),
  };
  return JSON.stringify(entry);
}
