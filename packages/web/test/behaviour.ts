// The behaviours every adapter must show, run against a real server of each framework. Each adapter's
// test file builds the same small site (routes below) in its framework and calls behaviourSuite().
//
// Routes every site must serve:
//   GET  /hello          200 "hello"; logs DEBUG 'saying hello' and INFO 'said hello'
//   GET  /ctx/:n         awaits a few ms between two INFO records 'step {n}'; answers JSON { id: currentRequestId() }
//   GET  /private        calls requireAuth(); 401 unless the request has header x-user; logs nothing
//   POST /login          reads the JSON body { user }; setUser(req, { id, name, email }); action('user.login'); 200;
//                        then logs INFO 'after login'
//   POST /login-failed   action('user.login_failed'); 401
//   POST /crash          reads the JSON body, logs DEBUG 'about to crash', throws Error('db exploded in /srv/app/db.js')
//   GET  /crash-async    rejects after an await with TypeError('async boom')
//   GET  /thrown-401     throws an HTTP error with status 401 and WWW-Authenticate (an answer, not a crash)
//   GET  /crash-too      throws Error('another bug') from another anonymous handler; route '/crash-too'
//   GET  /stream-crash   sends 'part one', then fails after 20 ms (the framework's way of streaming)
//   POST /upload         reads the whole body and answers 'got {bytes}'
//   POST /json           parses the JSON body with the framework's parser; bad JSON is answered 400
//   POST /upstream-reset reads the body, then fails as a call to an upstream that hung up does
//                        (Error 'socket hang up', code ECONNRESET)
//   (anything else)      the framework's own 404

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { JsonFormatter, Level, Logger, TestHandler, type LogRecord } from 'logbook';
import { loadRecordSchema, type RecordJson } from 'logbook/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebLogbook, type WebLogbook, type WebLogbookOptions } from '../src/index.js';
import { hangUpAfter, rawExchange } from './raw-socket.js';

export const log = new Logger('app');

export interface RunningSite {
  url: string;
  close(): Promise<void>;
}

export type SiteFactory = (logbook: WebLogbook) => Promise<RunningSite>;

/**
 * A server as the suite needs it, once it listens: its URL, and a close that also drops keep-alive connections.
 * It tells the logbook it started, as the documented set-up does.
 */
export async function runningSite(server: Server, logbook: WebLogbook): Promise<RunningSite> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  logbook.started(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(loadRecordSchema());
const formatter = new JsonFormatter();

/** The record as written to disk; throws when it does not match the schema. */
export function onDisk(record: LogRecord): RecordJson {
  const line = formatter.format(record);
  const parsed = JSON.parse(line) as RecordJson;
  if (!validate(parsed))
    throw new Error(`record does not match the schema: ${ajv.errorsText(validate.errors)}\n${line}`);
  return parsed;
}

/** A site with its logbook and a handler that keeps what a file at INFO would get. */
export class Harness {
  handler!: TestHandler;
  logbook!: WebLogbook;
  site!: RunningSite;

  constructor(
    private readonly factory: SiteFactory,
    private readonly options: WebLogbookOptions = {},
  ) {}

  async start(options: WebLogbookOptions = this.options): Promise<void> {
    this.handler = new TestHandler({ level: Level.INFO }).pushApplication();
    this.logbook = createWebLogbook({
      app: { name: 'test-site', version: '1.2.3', env: 'test' },
      ...options,
    });
    this.site = await this.factory(this.logbook);
  }

  async stop(): Promise<void> {
    await this.site.close();
    this.logbook.close();
    this.handler.popApplication();
  }

  /**
   * Each record as written, converted and checked against the schema once: waitFor polls every 10 ms, and a
   * hundred waiters converting every record at each poll took seconds of a loaded machine's time.
   */
  private readonly converted = new WeakMap<LogRecord, RecordJson>();

  records(): RecordJson[] {
    return this.handler.records.map((record) => {
      let json = this.converted.get(record);
      if (json === undefined) {
        json = onDisk(record);
        this.converted.set(record, json);
      }
      return json;
    });
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(this.site.url + path, init);
  }

  /**
   * Waits until a record matching `match` was written (access records come when the response closes). The
   * deadline only ends a test that would hang; it is long because a loaded machine is slow.
   */
  async waitFor(match: (r: RecordJson) => boolean, what: string, timeout = 10_000): Promise<RecordJson> {
    const until = Date.now() + timeout;
    for (;;) {
      const found = this.records().find(match);
      if (found !== undefined) return found;
      if (Date.now() > until) {
        throw new Error(
          `no ${what} record within ${timeout} ms; got:\n${this.records()
            .map((r) => r.message)
            .join('\n')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  access(id: string): Promise<RecordJson> {
    return this.waitFor((r) => r.event === 'http.request' && r.request?.id === id, `access record for ${id}`);
  }
}

/** GET /thrown-401's error: http-errors' shape (`status`, or Fastify's `statusCode`), with the header a browser needs. */
export function loginFirst(statusKey: 'status' | 'statusCode' = 'status'): Error {
  return Object.assign(new Error('login first'), {
    [statusKey]: 401,
    headers: { 'WWW-Authenticate': 'Basic realm="shop"' },
  });
}

/** GET /crash-async: rejects after an await. */
export async function crashAsync(): Promise<never> {
  await new Promise((resolve) => setTimeout(resolve, 1));
  throw new TypeError('async boom');
}

/** Fetches a path that crashes: expects the 500 crash page and an incident record with the page's reference. */
export async function expectCrashPage(h: Harness, path: string, id: string): Promise<{ page: string }> {
  const response = await h.fetch(path, { headers: { 'x-request-id': id } });
  expect(response.status).toBe(500);
  // Never kept by a cache or proxy (the next visitor would see this reference), and tied to its request.
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('x-request-id')).toBe(id);
  const page = await response.text();
  const ref = /E-[0-9A-Z]{6}/.exec(page)?.[0];
  expect(ref, `the crash page shows an incident reference: ${page}`).toBeDefined();
  const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
  expect(incident.incident?.ref).toBe(ref);
  return { page };
}

/**
 * GET /duplicate on a site whose own error handler answers the error with 409 "that name is taken": the answer is
 * kept, the access record is a NOTICE and there is no incident.
 */
export async function expectOwn4xxKept(h: Harness, id: string): Promise<void> {
  const response = await h.fetch('/duplicate', { headers: { 'x-request-id': id } });
  expect(response.status).toBe(409);
  expect(await response.text()).toBe('that name is taken');
  expect((await h.access(id)).level).toBe('NOTICE');
  expect(h.records().some((r) => r.event === 'incident')).toBe(false);
}

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

export function behaviourSuite(name: string, factory: SiteFactory): void {
  describe(`${name}: per request`, () => {
    const h = new Harness(factory);
    beforeEach(() => h.start());
    afterEach(() => h.stop());

    it('keeps the contexts of 100 concurrent requests apart', async () => {
      const ids = Array.from({ length: 100 }, (_, n) => `req-${n}`);
      const answers = await Promise.all(
        ids.map(async (id, n) => {
          const response = await h.fetch(`/ctx/${n}`, { headers: { 'x-request-id': id } });
          return {
            n,
            id,
            echoed: response.headers.get('x-request-id'),
            body: (await response.json()) as { id: string },
          };
        }),
      );
      for (const answer of answers) {
        expect(answer.echoed).toBe(answer.id);
        expect(answer.body.id).toBe(answer.id);
      }
      await Promise.all(ids.map((id) => h.access(id)));
      const steps = h.records().filter((r) => r.msg === 'step {n}');
      expect(steps).toHaveLength(200);
      for (const step of steps) {
        const n = (step.fields as { n: number }).n;
        expect(step.request?.id).toBe(`req-${n}`);
        expect(step.request?.path).toBe(`/ctx/${n}`);
        expect(step.client?.kind).toBeDefined();
      }
    });

    it('generates a request id when none (or an unacceptable one) comes in, and echoes it', async () => {
      const plain = await h.fetch('/hello');
      const generated = plain.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-z]+-[0-9a-z]+$/);
      const bad = await h.fetch('/hello', { headers: { 'x-request-id': 'has spaces and <script>' } });
      const replaced = bad.headers.get('x-request-id');
      expect(replaced).not.toContain('script');
      expect(replaced).not.toBe(generated);
      await h.access(replaced!);
    });

    it('writes access records with level, status, route and reason by outcome', async () => {
      await h.fetch('/hello', {
        headers: { 'x-request-id': 'ok-1', 'user-agent': FIREFOX, referer: 'https://example.org/' },
      });
      await h.fetch('/ctx/7', { headers: { 'x-request-id': 'route-1' } });
      await h.fetch('/nothing-here', { headers: { 'x-request-id': 'nf-1', 'user-agent': FIREFOX } });
      await h.fetch('/private', { headers: { 'x-request-id': 'auth-1', 'user-agent': FIREFOX } });
      await h.fetch('/crash', {
        method: 'POST',
        headers: { 'x-request-id': 'crash-1', 'content-type': 'application/json' },
        body: '{}',
      });

      const ok = await h.access('ok-1');
      expect(ok.level).toBe('INFO');
      expect(ok.channel).toBe('http');
      expect(ok.message).toMatch(/^GET \/hello → 200 in [\d.]+ ms$/);
      expect(ok.request).toMatchObject({
        method: 'GET',
        path: '/hello',
        status: 200,
        bytes: 5,
        ip: '127.0.0.1',
        referer: 'https://example.org/',
      });
      expect(ok.request?.duration_ms).toBeGreaterThanOrEqual(0);
      expect(ok.client).toMatchObject({ kind: 'human', browser: 'Firefox 133' });
      expect(ok.app).toEqual({ name: 'test-site', version: '1.2.3', env: 'test' });

      expect((await h.access('route-1')).request?.route).toBe('/ctx/:n');

      const notFound = await h.access('nf-1');
      expect(notFound.level).toBe('NOTICE');
      expect(notFound.request?.status).toBe(404);
      expect(notFound.message).toContain('not found');

      const auth = await h.access('auth-1');
      expect(auth.level).toBe('NOTICE');
      expect(auth.request?.status).toBe(401);
      expect(auth.message).toContain('login required');

      const crash = await h.access('crash-1');
      expect(crash.level).toBe('ERROR');
      expect(crash.request?.status).toBe(500);
      expect(crash.message).toMatch(/incident E-[0-9A-Z]{6}/);
    });

    it('says "crawler on auth-only page" and "wordpress probe" with their signals', async () => {
      await h.fetch('/private', { headers: { 'x-request-id': 'bot-1', 'user-agent': GOOGLEBOT } });
      await h.fetch('/wp-login.php', {
        headers: { 'x-request-id': 'wp-1', 'user-agent': 'python-requests/2.31' },
      });
      const bot = await h.access('bot-1');
      expect(bot.level).toBe('NOTICE');
      expect(bot.client?.kind).toBe('crawler');
      expect(bot.signals).toContain('crawler-restricted');
      expect(bot.message).toContain('crawler on auth-only page');
      const wp = await h.access('wp-1');
      expect(wp.level).toBe('NOTICE');
      expect(wp.signals).toContain('wordpress-probe');
      expect(wp.message).toContain('wordpress probe');
    });

    it('judges a client that keeps probing and logs the verdict once', async () => {
      for (const path of [
        '/wp-login.php',
        '/wp-admin/',
        '/wp-config.php.bak',
        '/xmlrpc.php',
        '/wp-includes/x.php',
      ]) {
        await h.fetch(path, { headers: { 'user-agent': FIREFOX } });
      }
      const verdict = await h.waitFor((r) => r.event === 'client.verdict', 'client.verdict');
      expect(verdict.level).toBe('WARNING');
      expect(verdict.message).toMatch(/judged \S+/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(h.records().filter((r) => r.event === 'client.verdict')).toHaveLength(1);
    });

    it('records requests Node refuses before any handler runs, and the client still gets an answer', async () => {
      const garbage = await rawExchange(h.site.url, 'GARBAGE\r\n\r\n');
      const oversized = await rawExchange(
        h.site.url,
        `GET /wp-login.php HTTP/1.1\r\nUser-Agent: ${FIREFOX}\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(oversized).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      // Answered once: a framework that answers refused requests itself is not answered over.
      expect(garbage.match(/HTTP\/1\.1/g)).toHaveLength(1);

      const bad = await h.waitFor((r) => r.request?.method === 'GARBAGE', 'refused GARBAGE request');
      expect(bad.event).toBe('http.request');
      expect(bad.level).toBe('NOTICE');
      expect(bad.request).toMatchObject({ status: 400, ip: '127.0.0.1' });
      expect(bad.signals).toContain('malformed-request');
      expect(bad.message).toContain('malformed request, refused by Node (HPE_INVALID_METHOD)');

      const big = await h.waitFor((r) => r.request?.status === 431, 'refused oversized request');
      expect(big.request).toMatchObject({ method: 'GET', path: '/wp-login.php', ua: FIREFOX });
      expect(big.signals).toContain('wordpress-probe');
      expect(big.message).toContain('request headers too large');
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      await h.fetch('/hello', { headers: { 'x-request-id': 'xff-1', 'x-forwarded-for': '203.0.113.9' } });
      expect((await h.access('xff-1')).request?.ip).toBe('127.0.0.1');
    });
  });

  describe(`${name}: trusted proxy`, () => {
    const h = new Harness(factory, { trustProxy: ['127.0.0.1'] });
    beforeEach(() => h.start());
    afterEach(() => h.stop());

    it('takes the client address from X-Forwarded-For when the peer is trusted', async () => {
      await h.fetch('/hello', {
        headers: { 'x-request-id': 'xff-2', 'x-forwarded-for': '198.51.100.4, 203.0.113.9' },
      });
      expect((await h.access('xff-2')).request?.ip).toBe('203.0.113.9');
    });

    it('takes the address of a request Node refuses from the trusted proxy, too', async () => {
      const answer = await rawExchange(
        h.site.url,
        `GET /x HTTP/1.1\r\nX-Forwarded-For: 203.0.113.7\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      const big = await h.waitFor((r) => r.request?.status === 431, 'refused oversized request');
      expect(big.request?.ip).toBe('203.0.113.7');
    });
  });

  describe(`${name}: what real apps do`, () => {
    const h = new Harness(factory);
    beforeEach(() => h.start());
    afterEach(() => h.stop());

    const incidents = () => h.records().filter((r) => r.event === 'incident');

    it('answers an HTTP error thrown on purpose with its status: a NOTICE, no incident, no 500', async () => {
      const response = await h.fetch('/thrown-401', {
        headers: { 'x-request-id': 'thrown-1', 'user-agent': FIREFOX },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="shop"'); // the browser's login prompt
      // The framework answers the error itself (Koa clears the headers first): the request id is still echoed.
      expect(response.headers.get('x-request-id')).toBe('thrown-1');
      expect(await response.text()).not.toMatch(/E-[0-9A-Z]{6}/);
      const access = await h.access('thrown-1');
      expect(access.level).toBe('NOTICE');
      expect(access.message).toContain('login required');
      expect(incidents()).toHaveLength(0);
    });

    it('reads bad JSON as a 400 with a reason in words, not as an incident', async () => {
      const response = await h.fetch('/json', {
        method: 'POST',
        headers: { 'x-request-id': 'json-bad', 'content-type': 'application/json', 'user-agent': FIREFOX },
        body: '{"a":',
      });
      expect(response.status).toBe(400);
      const access = await h.access('json-bad');
      expect(access.level).toBe('NOTICE');
      expect(access.message).toMatch(
        /→ 400 in [\d.]+ ms for Firefox 133 on Windows 10 from 127\.0\.0\.1: bad request$/,
      );
      expect(incidents()).toHaveLength(0);
    });

    it('records a crash after the page started as an ERROR with its incident, not as a client abort', async () => {
      const response = await h.fetch('/stream-crash', { headers: { 'x-request-id': 'cut-1' } });
      await response.text().catch(() => ''); // cut off, or ended early: either way the page is incomplete
      const access = await h.access('cut-1');
      const incident = await h.waitFor(
        (r) => r.event === 'incident' && r.request?.id === 'cut-1',
        'incident of the streamed page',
      );
      expect(incident.error?.message).toBe('late failure');
      expect(access.level).toBe('ERROR');
      expect(access.message).not.toContain('aborted by the client');
      expect(access.request?.aborted).toBeUndefined();
      expect((access.fields as { incident?: string }).incident).toBe(incident.incident?.ref);
      expect(access.message).toContain(`incident ${incident.incident?.ref}`);
    });

    it('does not make an incident of an upload its client gave up on', async () => {
      await hangUpAfter(
        h.site.url,
        'POST /upload HTTP/1.1\r\nHost: x\r\nX-Request-Id: upload-gone\r\n' +
          'Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n' +
          'y'.repeat(1000),
        100, // the handler is reading the body by now
      );
      const access = await h.access('upload-gone');
      expect(access.message).toMatch(
        /^POST \/upload aborted by the client \(a client without user agent from 127\.0\.0\.1\) after [\d.]+ ms$/,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(incidents()).toHaveLength(0);
    });

    it("records a JSON body its client stopped sending as aborted, once: not the parser's 400, not refused by Node", async () => {
      await hangUpAfter(
        h.site.url,
        'POST /json HTTP/1.1\r\nHost: x\r\nX-Request-Id: json-gone\r\n' +
          'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
        50, // the parser is waiting for the rest by now
      );
      const access = await h.access('json-gone');
      expect(access.message).toMatch(
        /^POST \/json aborted by the client \(a client without user agent from 127\.0\.0\.1\) after [\d.]+ ms$/,
      );
      expect(access.level).toBe('NOTICE');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const written = h.records().filter((r) => r.event === 'http.request');
      expect(written.map((r) => r.message)).toEqual([access.message]);
      expect(incidents()).toHaveLength(0);
    });

    it('makes an incident of an upstream that hung up, though the error reads like a client gone', async () => {
      const response = await h.fetch('/upstream-reset', {
        method: 'POST',
        headers: { 'x-request-id': 'upstream-1', 'content-type': 'application/octet-stream' },
        body: 'payload',
      });
      expect(response.status).toBe(500);
      const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
      expect(incident.error?.message).toBe('socket hang up');
      expect((await h.access('upstream-1')).level).toBe('ERROR');
    });

    it('counts no body bytes for HEAD', async () => {
      const response = await h.fetch('/hello', { method: 'HEAD', headers: { 'x-request-id': 'head-1' } });
      expect(response.status).toBe(200);
      expect((await h.access('head-1')).request?.bytes).toBe(0);
    });

    it('gives two bugs in two anonymous handlers of one file two fingerprints, each with its route', async () => {
      await h.fetch('/crash', {
        method: 'POST',
        headers: { 'x-request-id': 'bug-1', 'content-type': 'application/json' },
        body: '{}',
      });
      await h.fetch('/crash-too', { headers: { 'x-request-id': 'bug-2' } });
      await h.access('bug-2');
      const [one, two] = ['bug-1', 'bug-2'].map((id) => incidents().find((r) => r.request?.id === id)!);
      expect(one!.error?.name).toBe(two!.error?.name);
      expect(one!.incident?.fingerprint).not.toBe(two!.incident?.fingerprint);
      expect(two!.request?.route).toBe('/crash-too');
    });
  });

  describe(`${name}: users and actions`, () => {
    const h = new Harness(factory);
    beforeEach(() => h.start());
    afterEach(() => h.stop());

    it('puts the pseudonymised user on later records and logs the login action', async () => {
      const response = await h.fetch('/login', {
        method: 'POST',
        headers: { 'x-request-id': 'login-1', 'content-type': 'application/json', 'user-agent': FIREFOX },
        body: JSON.stringify({ user: 'alice' }),
      });
      expect(response.status).toBe(200);
      const access = await h.access('login-1');
      const login = h.records().find((r) => r.event === 'user.login')!;
      expect(login.level).toBe('NOTICE');
      expect(login.user?.id).toMatch(/^u-[0-9a-f]{16}$/);
      expect(login.user).not.toHaveProperty('name');
      expect(JSON.stringify(h.records())).not.toContain('alice@example.org');
      expect(login.request?.id).toBe('login-1');
      expect(login.client?.browser).toBe('Firefox 133');
      expect(login.message).toBe(
        `User ${login.user!.id} logged in with Firefox 133 on Windows 10 from 127.0.0.1`,
      );
      const after = await h.waitFor((r) => r.message === 'after login', 'after login');
      expect(after.user).toEqual(login.user);
      expect(access.user).toEqual(login.user);
    });

    it('feeds failed logins to the tracker: a burst is judged brute force', async () => {
      for (let i = 0; i < 7; i++) {
        await h.fetch('/login-failed', { method: 'POST', headers: { 'user-agent': FIREFOX } });
      }
      const failed = h.records().filter((r) => r.event === 'user.login_failed');
      expect(failed).toHaveLength(7);
      expect(failed[0]!.level).toBe('WARNING');
      const verdict = await h.waitFor((r) => r.event === 'client.verdict', 'brute-force verdict');
      expect(verdict.fields).toMatchObject({ verdict: 'brute-force', ip: '127.0.0.1' });
    });
  });

  describe(`${name}: crashes`, () => {
    const h = new Harness(factory);
    beforeEach(() => h.start());
    afterEach(() => h.stop());

    async function crash(headers: Record<string, string> = {}) {
      return h.fetch('/crash', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sk-very-secret',
          cookie: 'sid=cookie-secret-value; theme=dark',
          ...headers,
        },
        body: JSON.stringify({ email: 'bob@example.org', password: 'hunter2', note: 'hi' }),
      });
    }

    it('answers 500 with an incident reference and nothing internal', async () => {
      const response = await crash({ 'x-request-id': 'page-1', accept: 'text/html' });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-request-id')).toBe('page-1');
      const page = await response.text();
      const ref = /E-[0-9A-Z]{6}/.exec(page)?.[0];
      expect(ref).toBeDefined();
      expect(page).toContain('page-1');
      for (const leak of ['db exploded', '/srv/app', '    at ', 'Error:', 'node_modules', 'hunter2'])
        expect(page).not.toContain(leak);
      const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
      expect(incident.incident?.ref).toBe(ref);
    });

    it('answers JSON with the reference when the client asks for JSON', async () => {
      const response = await crash({ 'x-request-id': 'json-1', accept: 'application/json' });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { incident: string; request_id: string };
      expect(body.incident).toMatch(/^E-[0-9A-Z]{6}$/);
      expect(body.request_id).toBe('json-1');
      expect(JSON.stringify(body)).not.toContain('exploded');
    });

    it('writes one incident record with the trail, the redacted request and the session trail', async () => {
      await h.fetch('/hello', { headers: { cookie: 'sid=cookie-secret-value', 'x-request-id': 'before-1' } });
      await h.access('before-1');
      const response = await crash({ 'x-request-id': 'inc-1' });
      const ref = /E-[0-9A-Z]{6}/.exec(await response.text())![0];
      const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
      expect(incident.level).toBe('ERROR');
      expect(incident.message).toContain(ref);
      expect(incident.error).toMatchObject({ name: 'Error', message: 'db exploded in /srv/app/db.js' });
      expect(incident.error?.fingerprint).toBe(incident.incident?.fingerprint);
      expect(incident.request?.id).toBe('inc-1');
      expect(incident.session).toMatch(/^s-[0-9a-f]{16}$/);
      const trail = incident.incident!.trail!;
      const debug = trail.find((r) => r.message === 'about to crash');
      expect(debug?.level).toBe('DEBUG');
      expect(debug?.request?.id).toBe('inc-1');
      // DEBUG appears in the trail only, not in what the INFO handler wrote.
      expect(h.records().some((r) => r.message === 'about to crash')).toBe(false);
      const received = incident.incident!.received!;
      expect(received.method).toBe('POST');
      expect(received.url).toBe('/crash');
      expect(received.headers!.authorization).toBe('[redacted]');
      expect(received.headers!.cookie).toBe('[redacted]');
      expect(received.body).toEqual({ email: 'bob@example.org', password: '[redacted]', note: 'hi' });
      expect(incident.incident!.session_trail!.map((r) => r.id)).toContain('before-1');
      const text = JSON.stringify(incident);
      for (const secret of ['sk-very-secret', 'cookie-secret-value', 'hunter2'])
        expect(text).not.toContain(secret);
      const access = await h.access('inc-1');
      expect((access.fields as { incident: string }).incident).toBe(ref);
      expect(h.records().filter((r) => r.event === 'incident')).toHaveLength(1);
    });

    it('gives the same fingerprint to the same bug on different requests, and records async rejections', async () => {
      await crash({ 'x-request-id': 'fp-1' });
      await crash({ 'x-request-id': 'fp-2' });
      const response = await h.fetch('/crash-async', { headers: { 'x-request-id': 'fp-3' } });
      expect(response.status).toBe(500);
      await h.access('fp-3');
      const incidents = h.records().filter((r) => r.event === 'incident');
      const byId = new Map(incidents.map((r) => [r.request!.id, r]));
      expect(byId.get('fp-1')!.incident!.fingerprint).toBe(byId.get('fp-2')!.incident!.fingerprint);
      expect(byId.get('fp-1')!.incident!.ref).not.toBe(byId.get('fp-2')!.incident!.ref);
      expect(byId.get('fp-3')!.error).toMatchObject({ name: 'TypeError', message: 'async boom' });
      expect(byId.get('fp-3')!.incident!.fingerprint).not.toBe(byId.get('fp-1')!.incident!.fingerprint);
    });
  });
}
