import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { action, currentRequestId, requireAuth, setRoute, setUser, type WebLogbook } from '../src/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Harness,
  behaviourSuite,
  log,
  crashAsync,
  loginFirst,
  runningSite,
  type RunningSite,
} from './behaviour.js';
import { rawExchange } from './raw-socket.js';

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const server = createServer(
    logbook.node(async (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const ctx = /^\/ctx\/(\d+)$/.exec(path);
      if (ctx !== null) {
        const n = Number(ctx[1]);
        setRoute(req, '/ctx/:n');
        log.info('step {n}', { n });
        await new Promise((resolve) => setTimeout(resolve, n % 7));
        log.info('step {n}', { n });
        send(res, 200, JSON.stringify({ id: currentRequestId() }), 'application/json');
        return;
      }
      if (path === '/hello') {
        log.debug('saying hello');
        log.info('said hello');
        send(res, 200, 'hello');
        return;
      }
      if (path === '/private') {
        requireAuth();
        send(res, req.headers['x-user'] === undefined ? 401 : 200, 'private');
        return;
      }
      if (path === '/login' && req.method === 'POST') {
        const body = await readJson(req);
        setUser(req, { id: String(body.user), name: 'Alice', email: 'alice@example.org' });
        action('user.login');
        send(res, 200, 'welcome');
        log.info('after login');
        return;
      }
      if (path === '/login-failed') {
        action('user.login_failed');
        send(res, 401, 'no');
        return;
      }
      if (path === '/crash') {
        await readJson(req);
        log.debug('about to crash');
        throw new Error('db exploded in /srv/app/db.js');
      }
      if (path === '/thrown-401') throw loginFirst();
      if (path === '/crash-too') {
        setRoute(req, '/crash-too');
        throw new Error('another bug');
      }
      if (path === '/stream-crash') {
        res.write('part one\n');
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('late failure');
      }
      if (path === '/upstream-reset') {
        for await (const chunk of req) void chunk;
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      if (path === '/upload') {
        let bytes = 0;
        for await (const chunk of req) bytes += (chunk as Buffer).length;
        send(res, 200, `got ${bytes}`);
        return;
      }
      if (path === '/json') {
        let text = '';
        for await (const chunk of req) text += String(chunk);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          send(res, 400, 'invalid JSON');
          return;
        }
        send(res, 200, JSON.stringify({ got: value }), 'application/json');
        return;
      }
      if (path === '/crash-async') await crashAsync();
      send(res, 404, 'not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return runningSite(server, logbook);
}

behaviourSuite('node:http', site);

describe('node:http: a request head not sent in time', () => {
  // Node checks for late heads every connectionsCheckingInterval; both are shortened so the test is quick.
  const h = new Harness(async (logbook) => {
    const server = createServer(
      { requestTimeout: 200, headersTimeout: 200, connectionsCheckingInterval: 50 },
      logbook.node((_req, res) => res.end('ok')),
    );
    server.listen(0, '127.0.0.1');
    return runningSite(server, logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('is answered 408 and recorded as refused, without a request line to show', async () => {
    const answer = await rawExchange(h.site.url, 'GET /slow HTTP/1.1\r\nHost: x\r\n', true); // head never ends
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    const late = await h.waitFor((r) => r.request?.status === 408, 'refused late request');
    expect(late.message).toBe(
      'Request refused → 408 for a client without user agent from 127.0.0.1: request not sent in time, refused by Node',
    );
    expect(late.level).toBe('NOTICE');
    expect(late.request?.ip).toBe('127.0.0.1');
  });

  it('reads for a refused request line as docs/web.md shows it: method and target, status, who and why', async () => {
    const answer = await rawExchange(h.site.url, 'GARBAGE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const refused = await h.waitFor((r) => r.request?.status === 400, 'refused request line');
    expect(refused.message).toBe(
      'GARBAGE  → 400 for a client without user agent from 127.0.0.1: malformed request, refused by Node (HPE_INVALID_METHOD)',
    );
  });
});

describe('node:http: a verdict on the first request', () => {
  const h = new Harness(site, { trustProxy: ['127.0.0.1'] });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('reads "on its first request", not "after 1 requests"', async () => {
    // Googlebot's name from an address outside Google's ranges is a fake crawler at once.
    const headers = {
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'x-forwarded-for': '198.51.100.1',
    };
    await (await h.fetch('/hello', { headers })).text();
    const verdict = await h.waitFor((r) => r.event === 'client.verdict', 'fake-crawler verdict');
    expect(verdict.message).toBe(
      'Client Googlebot from 198.51.100.1 judged fake-crawler on its first request: fake-crawler ×1',
    );
    // The request's own access record says so too, after its signal.
    const access = await h.waitFor((r) => r.event === 'http.request', 'access');
    expect(access.fields?.reason).toBe('fake crawler; client judged fake-crawler');
  });
});
