import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * Six hours of logs as a small shop would write them through the web middleware: visitors browsing, users who log
 * in, buy and subscribe, search-engine and AI crawlers (one reaching a login-only page), scanners probing for
 * WordPress, secrets and SQL injection, and crashes with their incident records. Every record is checked against
 * the on-disk schema, so the dashboard is tested on what Logbook really writes.
 */
const here = dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(join(here, '../../../logbook/schema/record.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

export type SiteRecord = Record<string, unknown> & { time: string; level: string };

export function checkRecord(rec: SiteRecord): SiteRecord {
  if (!validate(rec))
    throw new Error(
      `generated record breaks the schema: ${ajv.errorsText(validate.errors)}: ${JSON.stringify(rec)}`,
    );
  return rec;
}

/** Deterministic numbers, so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = { v: 1, host: 'shop-1', pid: 4100 } as const;
const BROWSERS = [
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    browser: 'Chrome 131',
    os: 'Windows 10',
    device: 'desktop',
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    browser: 'Safari 17',
    os: 'macOS',
    device: 'desktop',
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    browser: 'Mobile Safari 17',
    os: 'iOS',
    device: 'mobile',
  },
  {
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    browser: 'Firefox 133',
    os: 'Linux',
    device: 'desktop',
  },
];
const CRAWLERS = [
  {
    name: 'Googlebot',
    ip: '66.249.66.1',
    ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  },
  {
    name: 'Bingbot',
    ip: '157.55.39.10',
    ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  },
  {
    name: 'GPTBot',
    ip: '20.171.207.5',
    ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  },
];
export const ATTACKER_IP = '198.51.100.66';
const SCANNERS = [
  {
    ip: ATTACKER_IP,
    name: 'wp-prober',
    ua: 'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0',
    probes: [
      ['/wp-login.php', 'wordpress-probe'],
      ['/wp-admin/setup-config.php', 'wordpress-probe'],
      ['/.env', 'sensitive-file'],
      ['/.git/config', 'sensitive-file'],
      ['/phpmyadmin/index.php', 'phpmyadmin-probe'],
    ],
  },
  {
    ip: '203.0.113.200',
    name: 'sqlmap',
    ua: 'sqlmap/1.8.4#stable (https://sqlmap.org)',
    probes: [
      ['/products', 'sql-injection', "id=1' OR '1'='1"],
      ['/search', 'sql-injection', 'q=1 UNION SELECT password FROM users--'],
      ['/products', 'sql-injection', 'id=1;DROP TABLE users'],
    ],
  },
  {
    ip: '192.0.2.77',
    name: 'Nuclei',
    ua: 'Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))',
    probes: [
      ['/../../etc/passwd', 'path-traversal'],
      ['/cgi-bin/.%2e/.%2e/bin/sh', 'path-traversal'],
      ['/server-status', 'admin-interface-probe'],
    ],
  },
] as const;
const PRODUCTS = ['lamp', 'kettle', 'chair', 'desk', 'mug', 'rug', 'clock', 'shelf'];

export interface SiteLogs {
  records: SiteRecord[];
  /** Incident references in time order and their fingerprints. */
  incidents: { ref: string; fingerprint: string }[];
  users: { id: string; name: string; email: string; ip: string }[];
}

/**
 * Generates the site's log. `end` is the time of the last record (default now), so records appended later by a
 * test are the newest.
 */
export function siteLogs(opts: { seed?: number; visitors?: number; end?: number } = {}): SiteLogs {
  const rand = seeded(opts.seed ?? 11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const events: { t: number; rec: Omit<SiteRecord, 'time'> }[] = [];
  const span = 6 * 3_600_000;
  const start = (opts.end ?? Date.now()) - span;
  let reqNo = 0;
  const users: SiteLogs['users'] = [];
  const incidents: SiteLogs['incidents'] = [];
  const at = (t: number, rec: Omit<SiteRecord, 'time'>): void => {
    events.push({ t, rec });
  };
  const request = (
    t: number,
    r: {
      ip: string;
      ua: string;
      method?: string;
      path: string;
      route?: string;
      query?: string;
      status: number;
      ms?: number;
      referer?: string;
      auth?: boolean;
    },
    client: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): string => {
    const id = `req-${(++reqNo).toString(36).padStart(5, '0')}`;
    const method = r.method ?? 'GET';
    at(t, {
      ...BASE,
      level: r.status >= 500 ? 'ERROR' : r.status >= 400 ? 'WARNING' : 'INFO',
      channel: 'http',
      msg: '{method} {path} {status}',
      message: `${method} ${r.path} ${r.status}`,
      event: 'http.request',
      request: {
        id,
        method,
        path: r.path,
        ...(r.route ? { route: r.route } : {}),
        ...(r.query ? { query: r.query } : {}),
        status: r.status,
        duration_ms: r.ms ?? Math.round(5 + rand() * 60),
        bytes: Math.round(500 + rand() * 20000),
        ip: r.ip,
        ua: r.ua,
        ...(r.referer ? { referer: r.referer } : {}),
        ...(r.auth !== undefined ? { auth_required: r.auth } : {}),
      },
      client,
      ...extra,
    });
    return id;
  };
  const visitors = opts.visitors ?? 40;
  for (let v = 0; v < visitors; v++) {
    const b = BROWSERS[v % BROWSERS.length]!;
    const ip = `203.0.113.${10 + (v % 150)}`;
    const client = { kind: 'human', browser: b.browser, os: b.os, device: b.device };
    let t = start + Math.floor(rand() * span * 0.85);
    const step = (): number => (t += 2000 + Math.floor(rand() * 20000));
    const ref = 'https://shop.example/';
    request(step(), { ip, ua: b.ua, path: '/', route: '/', status: 200 }, client);
    for (let i = 0, n = 1 + Math.floor(rand() * 4); i < n; i++) {
      const p = pick(PRODUCTS);
      request(
        step(),
        {
          ip,
          ua: b.ua,
          path: `/products/${p}`,
          route: '/products/:slug',
          status: 200,
          referer: ref,
          ms: p === 'desk' ? 700 + Math.round(rand() * 400) : undefined,
        },
        client,
      );
    }
    if (v % 5 === 0)
      request(step(), { ip, ua: b.ua, path: '/old-offers', status: 404, referer: `${ref}blog/sale` }, client);
    if (v % 2 === 0) {
      const user = { id: `u-${v}`, name: `Customer ${v}`, email: `customer${v}@example.com` };
      users.push({ ...user, ip });
      const action = (event: string, path: string, level = 'NOTICE'): void => {
        at(step(), {
          ...BASE,
          level,
          channel: 'auth',
          msg: `${event} {user}`,
          message: `${event} ${user.id}`,
          event,
          user,
          client,
          request: { method: 'POST', path, ip, ua: b.ua },
        });
      };
      if (v % 6 === 0) action('user.login_failed', '/login', 'WARNING');
      action('user.login', '/login');
      request(
        step(),
        { ip, ua: b.ua, method: 'POST', path: '/login', route: '/login', status: 302 },
        client,
        { user },
      );
      request(
        step(),
        { ip, ua: b.ua, path: '/account', route: '/account', status: 200, auth: true },
        client,
        { user },
      );
      if (v % 4 === 0) action('newsletter.subscribe', '/newsletter');
      if (v % 3 === 0) {
        request(
          step(),
          { ip, ua: b.ua, method: 'POST', path: '/cart', route: '/cart', status: 200 },
          client,
          { user },
        );
        request(
          step(),
          { ip, ua: b.ua, method: 'POST', path: '/checkout', route: '/checkout', status: 200, ms: 240 },
          client,
          { user },
        );
        action('purchase', '/checkout');
      }
      action('user.logout', '/logout');
    }
  }
  for (const c of CRAWLERS) {
    for (let i = 0; i < 12; i++) {
      const t = start + Math.floor(rand() * span);
      const restricted = c.name === 'Googlebot' && i % 4 === 3;
      request(
        t,
        {
          ip: c.ip,
          ua: c.ua,
          path: restricted ? '/account/orders' : i === 0 ? '/robots.txt' : `/products/${pick(PRODUCTS)}`,
          status: restricted ? 403 : 200,
          ...(restricted ? { auth: true } : {}),
        },
        { kind: 'crawler', name: c.name },
      );
    }
  }
  for (const s of SCANNERS) {
    let t = start + Math.floor(rand() * span * 0.5);
    for (const [path, signal, query] of s.probes as readonly (readonly [string, string, string?])[]) {
      t += 400 + Math.floor(rand() * 900);
      request(
        t,
        { ip: s.ip, ua: s.ua, path, ...(query ? { query } : {}), status: 404 },
        { kind: 'scanner', name: s.name },
        { signals: [signal] },
      );
    }
  }
  // Crashes: the checkout one three times (one ticket), the search one once.
  const crash = (
    t: number,
    fp: string,
    refNo: number,
    path: string,
    userIdx: number,
    message: string,
  ): void => {
    const u = users[userIdx % users.length]!;
    const b = BROWSERS[0]!;
    const ref = `E-${refNo.toString(36).toUpperCase().padStart(6, '0')}`;
    const req = {
      id: `req-crash${refNo}`,
      method: 'POST',
      path,
      route: path,
      status: 500,
      duration_ms: 31,
      ip: u.ip,
      ua: b.ua,
    };
    const earlier = [
      { id: `req-s${refNo}a`, method: 'GET', path: '/', status: 200 },
      { id: `req-s${refNo}b`, method: 'POST', path: '/cart', query: 'add=desk', status: 200 },
    ];
    request(
      t - 1500,
      { ip: u.ip, ua: b.ua, path: '/cart', route: '/cart', status: 200 },
      { kind: 'human', browser: b.browser, os: b.os },
      { user: { id: u.id, name: u.name, email: u.email } },
    );
    at(t, {
      ...BASE,
      level: 'ERROR',
      channel: 'http',
      msg: 'Unhandled error on {path}',
      message: `Unhandled error on ${path}`,
      event: 'incident',
      error: {
        name: 'TypeError',
        message,
        stack: `TypeError: ${message}\n    at total (/srv/shop/cart.js:42:17)\n    at checkout (/srv/shop/routes.js:88:9)`,
        fingerprint: fp,
        cause: {
          name: 'PriceError',
          message: 'no price for item 7',
          cause: { name: 'Error', message: 'price list not loaded' },
        },
      },
      request: req,
      user: { id: u.id, name: u.name, email: u.email },
      client: { kind: 'human', browser: b.browser, os: b.os },
      incident: {
        ref,
        fingerprint: fp,
        received: {
          method: 'POST',
          url: `${path}?coupon=SPRING`,
          headers: { 'content-type': 'application/json', cookie: '[REDACTED]', 'user-agent': b.ua },
          body: { item: 7, card: '[REDACTED]' },
        },
        trail: [
          {
            ...BASE,
            time: iso(t - 6),
            level: 'DEBUG',
            channel: 'cart',
            msg: 'loading cart {id}',
            message: 'loading cart c-9',
          },
          {
            ...BASE,
            time: iso(t - 4),
            level: 'INFO',
            channel: 'cart',
            msg: 'applying coupon {code}',
            message: 'applying coupon SPRING',
          },
          {
            ...BASE,
            time: iso(t - 2),
            level: 'WARNING',
            channel: 'prices',
            msg: 'price list stale',
            message: 'price list stale',
          },
          {
            ...BASE,
            time: iso(t),
            level: 'ERROR',
            channel: 'http',
            msg: 'Unhandled error',
            message: 'Unhandled error',
          },
        ],
        session_trail: [...earlier, req],
      },
    });
    incidents.push({ ref, fingerprint: fp });
  };
  crash(
    start + span * 0.3,
    'fp-checkout-total',
    1001,
    '/checkout',
    0,
    "Cannot read properties of undefined (reading 'total')",
  );
  crash(
    start + span * 0.5,
    'fp-search-null',
    1002,
    '/search',
    1,
    "Cannot read properties of null (reading 'length')",
  );
  crash(
    start + span * 0.7,
    'fp-checkout-total',
    1003,
    '/checkout',
    2,
    "Cannot read properties of undefined (reading 'total')",
  );
  at(start - 60_000, {
    ...BASE,
    level: 'INFO',
    channel: 'app',
    msg: 'started',
    message: 'started',
    event: 'app.start',
    app: { name: 'training-site', version: '1.0.0', env: 'production' },
  });
  events.sort((a, b) => a.t - b.t);
  incidents.sort((a, b) => a.ref.localeCompare(b.ref));
  const last = events[events.length - 1]!.t;
  const shift = (opts.end ?? Date.now()) - 1000 - last; // the newest record lands just before `end`
  return {
    records: events.map((e) => checkRecord({ time: iso(Math.floor(e.t + shift)), ...e.rec } as SiteRecord)),
    incidents,
    users,
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** One request record (for tests that append live traffic). */
export function requestRecord(r: {
  time?: number;
  ip: string;
  ua: string;
  path: string;
  status?: number;
  referer?: string;
  kind?: 'human' | 'crawler' | 'scanner' | 'unknown';
  user?: { id: string; name?: string };
  signals?: string[];
}): SiteRecord {
  const status = r.status ?? 200;
  return checkRecord({
    ...BASE,
    time: iso(r.time ?? Date.now()),
    level: status >= 500 ? 'ERROR' : status >= 400 ? 'WARNING' : 'INFO',
    channel: 'http',
    msg: '{method} {path} {status}',
    message: `GET ${r.path} ${status}`,
    event: 'http.request',
    request: {
      id: `req-live-${Math.random().toString(36).slice(2, 9)}`,
      method: 'GET',
      path: r.path,
      status,
      duration_ms: 4,
      ip: r.ip,
      ua: r.ua,
      ...(r.referer ? { referer: r.referer } : {}),
    },
    client: { kind: r.kind ?? 'human' },
    ...(r.user ? { user: r.user } : {}),
    ...(r.signals ? { signals: r.signals } : {}),
  });
}

export function writeLog(file: string, records: readonly object[]): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

export function appendLog(file: string, records: readonly object[]): void {
  appendFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
