import express from 'express';
import { action, currentRequestId, requireAuth, setUser, type WebLogbook } from '../src/index.js';
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

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const app = express();
  app.use(logbook.express());
  app.use(express.json());
  app.get('/ctx/:n', async (req, res) => {
    const n = Number(req.params.n);
    log.info('step {n}', { n });
    await new Promise((resolve) => setTimeout(resolve, n % 7));
    log.info('step {n}', { n });
    res.json({ id: currentRequestId() });
  });
  app.get('/hello', (_req, res) => {
    log.debug('saying hello');
    log.info('said hello');
    res.send('hello');
  });
  app.get('/private', (req, res) => {
    requireAuth(req);
    res.status(req.get('x-user') === undefined ? 401 : 200).send('private');
  });
  app.post('/login', (req, res) => {
    setUser(req, {
      id: String((req.body as { user: string }).user),
      name: 'Alice',
      email: 'alice@example.org',
    });
    action('user.login');
    res.send('welcome');
    log.info('after login');
  });
  app.post('/login-failed', (_req, res) => {
    action('user.login_failed');
    res.status(401).send('no');
  });
  app.post('/crash', () => {
    log.debug('about to crash');
    throw new Error('db exploded in /srv/app/db.js');
  });
  app.get('/crash-async', crashAsync);
  app.get('/thrown-401', () => {
    throw loginFirst();
  });
  app.get('/crash-too', () => {
    throw new Error('another bug');
  });
  app.get('/stream-crash', async (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.write('part one\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    throw new Error('late failure');
  });
  app.post('/upload', async (req, res) => {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    res.send(`got ${bytes}`);
  });
  app.post('/upstream-reset', async (req) => {
    for await (const chunk of req) void chunk;
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  });
  app.post('/json', (req, res) => {
    res.json({ got: req.body as unknown });
  });
  app.use(logbook.expressErrors());
  const server = app.listen(0, '127.0.0.1');
  return runningSite(server, logbook);
}

behaviourSuite('Express', site);

describe('Express: routers mounted inside routers', () => {
  const h = new Harness(async (logbook) => {
    const app = express();
    app.use(logbook.express());
    const api = express.Router();
    const v1 = express.Router();
    v1.get('/items/:item', () => {
      throw new Error('nested crash');
    });
    v1.get('/gone/:item', () => {
      throw Object.assign(new Error('gone'), { status: 410 });
    });
    api.use('/v1', v1);
    app.use('/api', api);
    app.use(logbook.expressErrors());
    return runningSite(app.listen(0, '127.0.0.1'), logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('record the whole route pattern when an error leaves them for the app’s error handler', async () => {
    await (await h.fetch('/api/v1/items/3', { headers: { 'x-request-id': 'nested-1' } })).text();
    await (await h.fetch('/api/v1/gone/3', { headers: { 'x-request-id': 'nested-2' } })).text();
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    expect(incident.request?.route).toBe('/api/v1/items/:item');
    expect((await h.access('nested-1')).request?.route).toBe('/api/v1/items/:item');
    expect((await h.access('nested-2')).request?.route).toBe('/api/v1/gone/:item');
  });
});

describe('Express: a handler that fails after it sent its whole page', () => {
  const page = 'x'.repeat(4_000_000); // more than a socket takes at once: still being written when the error comes
  const h = new Harness(async (logbook) => {
    const app = express();
    app.use(logbook.express());
    app.get('/sent-then-failed', (_req, res) => {
      res.send(page);
      res.send('again'); // throws: Cannot set headers after they are sent to the client
    });
    app.use(logbook.expressErrors());
    return runningSite(app.listen(0, '127.0.0.1'), logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('lets the page arrive whole and records the incident on an ERROR access record', async () => {
    const response = await h.fetch('/sent-then-failed', { headers: { 'x-request-id': 'sent-1' } });
    expect(response.status).toBe(200);
    expect((await response.text()).length).toBe(page.length);
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    expect(incident.error?.message).toContain('Cannot set headers after they are sent');
    const access = await h.access('sent-1');
    expect(access.level).toBe('ERROR');
    expect(access.request?.aborted).toBeUndefined();
    expect(access.message).toBe(
      `GET /sent-then-failed → 200 in ${access.request?.duration_ms} ms for node from 127.0.0.1: incident ${incident.incident?.ref}`,
    );
  });
});
