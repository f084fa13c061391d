import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli.js';
import { loadSources, rows } from '../../src/index.js';
import { splitAccessLine } from '../../src/sources/access-line.js';
import { requestTimeMs, type RequestTimeUnit } from '../../src/sources/request-time.js';

const here = dirname(fileURLToPath(import.meta.url));
// The shared Apache log lives beside the checkout (../shared), wherever the checkout is.
export const FIXTURE = fileURLToPath(
  new URL('../../../../../shared/fixtures/elastic-apache-access/access.log', import.meta.url),
);
const schema = JSON.parse(readFileSync(join(here, '../../../logbook/schema/record.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateRecord = ajv.compile(schema);

/** Throws when a record does not follow the on-disk schema, so generated test data stays honest. */
export function assertValid(rec: object): void {
  if (!validateRecord(rec))
    throw new Error(
      `generated record is not schema-valid: ${ajv.errorsText(validateRecord.errors)} in ${JSON.stringify(rec)}`,
    );
}

export type Rec = Record<string, unknown> & { time: string; event?: string };

/** A small deterministic PRNG so generated logs are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BROWSERS = [
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    browser: 'Firefox 133',
    os: 'Windows 10',
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    browser: 'Safari 17',
    os: 'macOS',
  },
];

export interface Generated {
  records: Rec[];
  /** What the generator put in, for tests to compare the report against. */
  truth: {
    requests: number;
    humans: number;
    crawlers: number;
    scanners: number;
    actions: Record<string, number>;
    emails: string[];
    ips: string[];
    fingerprints: Record<string, { count: number; users: Set<string>; refs: string[] }>;
    slowRoute: string;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Emits schema-valid records as the web middleware would: requests, user actions, crawler and scanner traffic, incidents. */
export function generateRecords(opts: { seed?: number; users?: number; start?: number } = {}): Generated {
  const rand = rng(opts.seed ?? 7);
  const start = opts.start ?? Date.parse('2026-11-20T08:00:00.000Z');
  const records: Rec[] = [];
  const truth: Generated['truth'] = {
    requests: 0,
    humans: 0,
    crawlers: 0,
    scanners: 0,
    actions: {},
    emails: [],
    ips: [],
    fingerprints: {},
    slowRoute: 'GET /report/:id',
  };
  let t = start;
  let n = 0;
  const base = { v: 1, channel: 'http', host: 'web-1', pid: 4242 };
  const push = (r: Rec): void => {
    assertValid(r);
    records.push(r);
  };
  const request = (
    ip: string,
    ua: string,
    method: string,
    path: string,
    status: number,
    client: object,
    extra: Partial<Rec> = {},
    route?: string,
    duration = 5,
    reqExtra: object = {},
  ): void => {
    t += 1000 + Math.floor(rand() * 5000);
    const id = `r-${(++n).toString(36)}`;
    push({
      ...base,
      time: iso(t),
      level: status >= 500 ? 'ERROR' : 'INFO',
      msg: '{method} {path} {status}',
      message: `${method} ${path} ${status}`,
      event: 'http.request',
      request: {
        id,
        method,
        path,
        ...(route ? { route } : {}),
        status,
        duration_ms: duration,
        ip,
        ua,
        ...reqExtra,
      },
      client,
      ...extra,
    });
    truth.requests++;
  };
  const users = opts.users ?? 6;
  for (let u = 0; u < users; u++) {
    const ip = `203.0.113.${10 + u}`;
    const email = `person${u}@example.com`;
    truth.emails.push(email);
    truth.ips.push(ip);
    const b = BROWSERS[u % BROWSERS.length]!;
    const client = { kind: 'human', browser: b.browser, os: b.os, device: 'desktop' };
    const user = { id: `u-${u}`, name: `Person ${u}`, email };
    request(ip, b.ua, 'GET', '/', 200, client);
    truth.humans++;
    const action = (event: string, path: string): void => {
      t += 500;
      push({
        ...base,
        channel: 'auth',
        time: iso(t),
        level: event === 'user.login_failed' ? 'WARNING' : 'NOTICE',
        msg: `${event} {user}`,
        message: `${event} ${user.id}`,
        event,
        user,
        client,
        request: { id: `r-a${n}`, method: 'POST', path, ip, ua: b.ua },
      });
      truth.actions[event] = (truth.actions[event] ?? 0) + 1;
    };
    // Every other person is new and signs up before logging in.
    if (u % 2 === 1) action('user.signup', '/register');
    if (u % 3 === 0) action('user.login_failed', '/login');
    action('user.login', '/login');
    for (let i = 0; i < 3; i++) {
      request(
        ip,
        b.ua,
        'GET',
        `/report/${100 + i}`,
        200,
        client,
        { user },
        '/report/:id',
        u === 0 ? 900 + i * 50 : 20 + i,
      );
      truth.humans++;
    }
    if (u % 2 === 0) action('newsletter.subscribe', '/newsletter');
    if (u % 3 === 1) action('purchase', '/checkout');
    request(ip, b.ua, 'GET', '/old-page', 404, client, { user }, undefined, 3);
    truth.humans++;
    action('user.logout', '/logout');
  }
  // A crawler, one of its requests refused on a login-only page.
  for (let i = 0; i < 5; i++) {
    request(
      '66.249.66.1',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'GET',
      i === 4 ? '/account' : `/page/${i}`,
      i === 4 ? 403 : 200,
      { kind: 'crawler', name: 'Googlebot' },
      {},
      undefined,
      5,
      i === 4 ? { auth_required: true } : {},
    );
    truth.crawlers++;
  }
  // A scanner probing for WordPress.
  for (const path of ['/wp-login.php', '/wp-admin/', '/.env']) {
    request(
      '198.51.100.66',
      'Mozilla/5.0 (Windows NT 6.1; rv:4.0) Gecko/20100101 Firefox/4.0',
      'GET',
      path,
      404,
      { kind: 'scanner', name: 'wp-prober' },
      { signals: [path === '/.env' ? 'sensitive-file' : 'wordpress-probe'] },
    );
    truth.scanners++;
  }
  truth.ips.push('66.249.66.1', '198.51.100.66');
  // Incidents: two fingerprints, the first twice by two users.
  const incident = (fp: string, refNo: number, u: number, path: string): void => {
    t += 2000;
    const ref = `E-${String(refNo).padStart(6, '0').replace(/^0/, 'A')}`;
    const ip = `203.0.113.${10 + u}`;
    const user = { id: `u-${u}`, email: `person${u}@example.com` };
    const req = { id: `r-i${refNo}`, method: 'POST', path, status: 500, ip, ua: BROWSERS[0]!.ua };
    push({
      ...base,
      time: iso(t),
      level: 'ERROR',
      msg: 'Unhandled error on {path}',
      message: `Unhandled error on ${path}`,
      event: 'incident',
      error: {
        name: 'TypeError',
        message: "Cannot read properties of undefined (reading 'total')",
        stack: 'TypeError: x\n    at checkout (/app/cart.js:10:5)',
        fingerprint: fp,
        cause: { name: 'Error', message: 'price missing' },
      },
      request: req,
      user,
      client: { kind: 'human', browser: 'Firefox 133' },
      incident: {
        ref,
        fingerprint: fp,
        received: {
          method: 'POST',
          url: `${path}?coupon=SAVE10`,
          headers: {
            'content-type': 'application/json',
            cookie: '[REDACTED]',
            'user-agent': BROWSERS[0]!.ua,
          },
          body: { item: 3, password: '[REDACTED]' },
        },
        trail: [
          { ...base, time: iso(t - 5), level: 'DEBUG', msg: 'loading cart', message: 'loading cart' },
          { ...base, time: iso(t), level: 'ERROR', msg: 'Unhandled error', message: 'Unhandled error' },
        ],
        session_trail: [
          { id: 'r-s1', method: 'GET', path: '/', status: 200 },
          { id: 'r-s2', method: 'POST', path: '/cart', query: 'add=3', status: 200 },
          req,
        ],
      },
    });
    const f = (truth.fingerprints[fp] ??= { count: 0, users: new Set(), refs: [] });
    f.count++;
    f.users.add(user.id);
    f.refs.push(ref);
  };
  incident('fp-checkout-total', 101, 0, '/checkout');
  incident('fp-search-null', 102, 1, '/search');
  incident('fp-checkout-total', 103, 2, '/checkout');
  push({
    ...base,
    channel: 'app',
    time: iso(start - 1000),
    level: 'INFO',
    msg: 'started',
    message: 'started',
    event: 'app.start',
    app: { name: 'shop', version: '1.0.0', env: 'production' },
  });
  return { records, truth };
}

/**
 * An `http.request` record as @logbook/web writes it, at second `i` of 2026-11-21 09:00 UTC: `GET /courses 200` from
 * 192.0.2.1 unless `request` says otherwise (a key given as undefined is left out), with `client` when given.
 * Checked against the record schema.
 */
export function webRequest(
  i: number,
  request: { method?: string; path?: string; status?: number; [key: string]: unknown } = {},
  client?: object,
): Rec {
  const req: { method?: string; path?: string; status?: number; [key: string]: unknown } = {
    id: `r-${i}`,
    method: 'GET',
    path: '/courses',
    status: 200,
    duration_ms: 4,
    ip: '192.0.2.1',
    ...request,
  };
  for (const key of Object.keys(req)) if (req[key] === undefined) delete req[key];
  const rec: Rec = {
    v: 1,
    host: 'web-1',
    pid: 4242,
    time: `2026-11-21T09:00:${String(i).padStart(2, '0')}.000Z`,
    level: 'INFO',
    channel: 'http',
    msg: '{method} {path} {status}',
    message: `${req.method ?? '-'} ${req.path ?? '/'} ${req.status ?? ''}`,
    event: 'http.request',
    request: req,
    ...(client ? { client } : {}),
  };
  assertValid(rec);
  return rec;
}

/** The `requests` columns an access-log line fills, in the shape `accessRow` gives. */
export const ACCESS_ROWS_SQL = `SELECT epoch_ms(ts)::DOUBLE AS time, "method", path, query, status, bytes,
  duration_ms, ip, ua, referer, user_id, vhost FROM requests`;

/** The report loader's request rows for a file (its format detected), what it skipped and the format it found. */
export async function loadedAccessRows(
  file: string,
): Promise<{ rows: object[]; skipped: number; format: string }> {
  const db = await loadSources([file]);
  try {
    return {
      rows: await rows(db, ACCESS_ROWS_SQL),
      skipped: db.skipped.count,
      format: db.files[0]?.format ?? 'none',
    };
  } finally {
    db.close();
  }
}

export interface AccessRow {
  time: number;
  method: string;
  path: string;
  query: string | null;
  status: number;
  bytes: string | null;
  duration_ms: number | null;
  ip: string;
  ua: string | null;
  referer: string | null;
  user_id: string | null;
  vhost: string | null;
}

/**
 * The row the loader must give for `line`, by parseAccessLine's reading of it (and requestTimeMs's of the text after
 * its fields, in `unit`); undefined when it rejects the line.
 */
export function accessRow(line: string, unit: RequestTimeUnit = 'auto'): AccessRow | undefined {
  const split = splitAccessLine(line);
  if (!split) return undefined;
  const a = split.fields;
  return {
    time: a.time,
    method: a.method,
    path: a.path,
    query: a.query ?? null,
    status: a.status,
    // a size BIGINT cannot hold (1e20) is stored as none
    bytes: a.bytes !== undefined && Number.isSafeInteger(a.bytes) ? String(a.bytes) : null,
    duration_ms: requestTimeMs(split.trailing, unit) ?? null,
    ip: a.ip,
    ua: a.ua ?? null,
    referer: a.referer ?? null,
    user_id: a.user ?? null,
    vhost: a.vhost ?? null,
  };
}

/**
 * One combined-format access-log line, at second `second` of 22 Nov 2026 10:00 UTC; `after` is what a server
 * configured for it writes after the user agent (a request time: ` 0.042`).
 */
export function combinedLine(o: {
  ip: string;
  second: number;
  target: string;
  status: number;
  ua: string;
  bytes?: number;
  referer?: string;
  after?: string;
}): string {
  const time = `22/Nov/2026:10:00:${String(o.second).padStart(2, '0')} +0000`;
  return `${o.ip} - - [${time}] "GET ${o.target} HTTP/1.1" ${o.status} ${o.bytes ?? 512} "${o.referer ?? '-'}" "${o.ua}"${o.after ?? ''}`;
}

export function tempDir(prefix = 'insight-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJsonl(file: string, records: object[], gzip = false): string {
  mkdirSync(dirname(file), { recursive: true });
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

/** Runs the CLI in-process and captures what it writes. */
export async function cli(
  args: string[],
  cwd = process.cwd(),
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        f(chunk.toString());
        cb();
      },
    });
  const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), cwd });
  return { code, out, err };
}

/**
 * Whether `text` holds the address `ip` as an address, not as the start of a longer one: an anonymised copy keeps a
 * crawler's or a proxy's network, so the pseudonym of 66.249.66.1 may be 66.249.66.15.
 */
export function holdsAddress(text: string, ip: string): boolean {
  const escaped = ip.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const edge = ip.includes(':') ? '[0-9a-fA-F:]' : '[0-9.]';
  return new RegExp(`(?<!${edge})${escaped}(?!${edge})`).test(text);
}
