// Responses that are not a page sent whole: compressed ones, HEAD and 304, a download or an event stream the
// client gives up on, a response the app destroys, an upload the client stops sending. Each gets one access
// record that says what happened — who cut it off, what status, how many body bytes went out.
import compression from 'compression';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';
import { hangUpAfter, rawExchange } from './raw-socket.js';

const DOWNLOAD_SIZE = 64 * 1024 * 1024;

const h = new Harness(async (logbook) => {
  const app = express();
  app.use(logbook.express());
  app.use(compression());
  app.use(express.json());
  app.post('/json', (req, res) => res.json({ got: req.body as unknown }));
  app.get('/page', (_req, res) => res.send('a page that compresses well. '.repeat(2000)));
  app.get('/cached', (req, res) => {
    res.set('etag', '"v1"').set('content-length', '24');
    if (req.get('if-none-match') === '"v1"') res.status(304).end();
    else res.send('the same page every time');
  });
  // A 204 with the Content-Length the page would have had: Node sends no body whatever it says.
  app.delete('/cart', (_req, res) => {
    res.set('content-length', '24').status(204).end();
  });
  app.get('/events', (req, res) => {
    res.setHeader('content-type', 'text/event-stream');
    res.flushHeaders();
    const timer = setInterval(() => res.write('data: tick\n\n'), 5);
    req.on('close', () => clearInterval(timer));
  });
  app.get('/download', (_req, res) => {
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', DOWNLOAD_SIZE);
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    const more = (): void => {
      while (sent < DOWNLOAD_SIZE && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  });
  app.get('/destroyed', (_req, res) => {
    res.write('half a page');
    setTimeout(() => res.destroy(), 10);
  });
  app.get('/dropped', (_req, res) => {
    setTimeout(() => res.destroy(), 10);
  });
  app.use(logbook.expressErrors());
  return runningSite(app.listen(0, '127.0.0.1'), logbook);
});

/** Fetches a page the app destroys on its way: fetch() then fails, which is the point. */
async function fetchCutOff(path: string, id: string): Promise<void> {
  await h
    .fetch(path, { headers: { 'x-request-id': id } })
    .then((answer) => answer.text())
    .catch(() => undefined);
}

/** Sends raw bytes and returns the answer's body size as it came over the wire (after the head). */
async function wireBodyBytes(bytes: string): Promise<number> {
  const answer = await rawExchange(h.site.url, bytes, true);
  expect(answer).toMatch(/^HTTP\/1.1 200 OK\r\n[^]*content-encoding: gzip\r\n/i);
  return answer.length - answer.indexOf('\r\n\r\n') - 4; // latin1: one character a byte
}

describe('Express with compression: responses that are not a page sent whole', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('counts a compressed page by what went over the wire, and a HEAD of it as 0 bytes', async () => {
    const wire = await wireBodyBytes(
      'GET /page HTTP/1.1\r\nHost: shop.example\r\nAccept-Encoding: gzip\r\nConnection: close\r\n' +
        'X-Request-Id: gz\r\n\r\n',
    );
    const head = await h.fetch('/page', {
      method: 'HEAD',
      headers: { 'accept-encoding': 'gzip', 'x-request-id': 'hd' },
    });
    expect(head.status).toBe(200);
    expect(wire).toBeLessThan(2000); // 58,000 bytes before compression
    expect((await h.access('gz')).request?.bytes).toBe(wire);
    expect((await h.access('hd')).request).toMatchObject({ method: 'HEAD', status: 200, bytes: 0 });
  });

  it('records a 304 with no body', async () => {
    const answer = await h.fetch('/cached', { headers: { 'if-none-match': '"v1"', 'x-request-id': 'nm' } });
    expect(answer.status).toBe(304);
    expect((await h.access('nm')).request).toMatchObject({ status: 304, bytes: 0 });
  });

  it('records a 204 with no body, whatever Content-Length it was given', async () => {
    const answer = await h.fetch('/cart', { method: 'DELETE', headers: { 'x-request-id': 'nc' } });
    expect(answer.status).toBe(204);
    expect((await h.access('nc')).request).toMatchObject({ status: 204, bytes: 0 });
  });

  it('records an event stream the client closed as aborted by it, with the bytes it was sent, not as an error', async () => {
    // Gone once the first event arrived: after a guessed 80 ms, a loaded machine had sent none (bytes 0).
    await hangUpAfter(
      h.site.url,
      'GET /events HTTP/1.1\r\nHost: shop.example\r\nX-Request-Id: ev\r\n\r\n',
      10_000,
      (_received, answer) => answer.includes('data: tick'),
    );
    const access = await h.access('ev');
    expect(access.level).toBe('NOTICE');
    expect(access.message).toMatch(
      /^GET \/events aborted by the client \(a client without user agent from 127\.0\.0\.1\) after [\d.]+ ms$/,
    );
    expect(access.request?.aborted).toBe(true);
    expect(access.request?.bytes).toBeGreaterThan(0);
    expect(h.records().filter((r) => r.event === 'incident')).toEqual([]);
  });

  it('counts a download the client gave up on by what was sent, not by its Content-Length', async () => {
    const received = await hangUpAfter(
      h.site.url,
      'GET /download HTTP/1.1\r\nHost: shop.example\r\nX-Request-Id: dl\r\n\r\n',
      2000,
      (n) => n > 1024 * 1024,
    );
    const access = await h.access('dl');
    expect(access.request?.aborted).toBe(true);
    expect(access.request?.bytes).toBeGreaterThanOrEqual(received - 200); // less the head
    expect(access.request?.bytes).toBeLessThan(DOWNLOAD_SIZE);
  });

  it('says the server cut off a response the app destroyed, not that the client aborted it', async () => {
    await fetchCutOff('/destroyed', 'ds');
    const access = await h.access('ds');
    expect(access.message).toMatch(
      /^GET \/destroyed → 200 in [\d.]+ ms for node from 127\.0\.0\.1: response cut off by the server$/,
    );
    expect(access.level).toBe('NOTICE');
    expect(access.request?.aborted).toBeUndefined();
  });

  it('says a response the app destroyed before any answer sent no status (not Node’s default 200)', async () => {
    await fetchCutOff('/dropped', 'dr');
    const access = await h.access('dr');
    expect(access.message).toMatch(
      /^GET \/dropped → no answer in [\d.]+ ms for node from 127\.0\.0\.1: connection closed by the server before any answer$/,
    );
    expect(access.level).toBe('NOTICE');
    expect(access.request).toMatchObject({ bytes: 0 });
    expect(access.request?.status).toBeUndefined();
    expect(access.request?.aborted).toBeUndefined();
  });

  it('records a JSON body the client stopped sending as aborted: no 400, no request "refused by Node"', async () => {
    await hangUpAfter(
      h.site.url,
      'POST /json HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\nX-Request-Id: up\r\n\r\n{"name":',
      50,
    );
    const access = await h.access('up');
    expect(access.message).toMatch(
      /^POST \/json aborted by the client \(a client without user agent from 127\.0\.0\.1\) after [\d.]+ ms$/,
    );
    expect(access.request).toMatchObject({ aborted: true, bytes: 0 });
    expect(access.request?.status).toBeUndefined(); // no answer had started
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requests = h.records().filter((r) => r.event === 'http.request');
    expect(requests.map((r) => r.message)).toEqual([access.message]);
  });
});
