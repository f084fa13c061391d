import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  action,
  captureError,
  currentRequestId,
  requireAuth,
  setUser,
  type WebLogbook,
} from '../src/index.js';
import {
  Harness,
  behaviourSuite,
  log,
  crashAsync,
  expectOwn4xxKept,
  loginFirst,
  type RunningSite,
} from './behaviour.js';

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const app = Fastify({ genReqId: logbook.requestIdFor });
  await app.register(logbook.fastify);
  app.get<{ Params: { n: string } }>('/ctx/:n', async (request) => {
    const n = Number(request.params.n);
    log.info('step {n}', { n });
    await new Promise((resolve) => setTimeout(resolve, n % 7));
    log.info('step {n}', { n });
    return { id: currentRequestId(), fastifyId: request.id };
  });
  app.get('/hello', async () => {
    log.debug('saying hello');
    log.info('said hello');
    return 'hello';
  });
  app.get('/private', async (request, reply) => {
    requireAuth(request);
    return reply.code(request.headers['x-user'] === undefined ? 401 : 200).send('private');
  });
  app.post<{ Body: { user: string } }>('/login', async (request, reply) => {
    setUser(request, { id: request.body.user, name: 'Alice', email: 'alice@example.org' });
    action('user.login');
    await reply.send('welcome');
    log.info('after login');
    return reply;
  });
  app.post('/login-failed', async (_request, reply) => {
    action('user.login_failed');
    return reply.code(401).send('no');
  });
  app.post('/crash', async () => {
    log.debug('about to crash');
    throw new Error('db exploded in /srv/app/db.js');
  });
  app.get('/crash-async', crashAsync);
  app.get('/thrown-401', () => {
    throw loginFirst('statusCode');
  });
  app.get('/crash-too', async () => {
    throw new Error('another bug');
  });
  app.get('/stream-crash', async (_request, reply) => {
    const body = new Readable({ read() {} });
    body.push('part one\n');
    setTimeout(() => body.destroy(new Error('late failure')), 20);
    return reply.type('text/plain').send(body);
  });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  app.post('/upload', async (request) => `got ${(request.body as Buffer).length}`);
  app.post('/json', async (request) => ({ got: request.body }));
  app.post('/upstream-reset', async () => {
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

behaviourSuite('Fastify', site);

describe("Fastify with the app's own error handler", () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  const h = new Harness(async (logbook) => {
    // allowErrorHandlerOverride: false makes Fastify refuse a second error handler in one scope.
    const app = Fastify({ genReqId: logbook.requestIdFor, allowErrorHandlerOverride: false });
    await app.register(logbook.fastify);
    app.setErrorHandler((error, request, reply) => {
      if (request.url === '/duplicate') return reply.code(409).send('that name is taken');
      if (request.url === '/mine') {
        const { ref } = captureError(request, error);
        return reply.code(503).send(`our own page, quote ${ref}`);
      }
      return reply.send(error); // back to Fastify's default answer
    });
    app.get('/mine', async () => {
      throw new Error('handled by the app');
    });
    app.get('/duplicate', async () => {
      throw Object.assign(new Error('unique constraint failed'), { code: 'P2002' });
    });
    app.get('/default', async () => {
      throw new Error('secret detail of the default answer');
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  });
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
    return h.start();
  });
  afterEach(() => {
    process.off('warning', onWarning);
    return h.stop();
  });

  it('starts without a warning and keeps the answer of a handler that called captureError()', async () => {
    const response = await h.fetch('/mine', { headers: { 'x-request-id': 'mine-1' } });
    expect(response.status).toBe(503);
    const text = await response.text();
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    expect(text).toBe(`our own page, quote ${incident.incident?.ref}`);
    const access = await h.access('mine-1');
    expect(access.level).toBe('ERROR');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.includes('FSTWRN'))).toEqual([]);
  });

  it('keeps a 4xx the handler made of an error: its answer, no incident', async () => {
    await expectOwn4xxKept(h, 'dup-1');
  });

  it("still turns an error sent back to Fastify's default answer into the crash page", async () => {
    const response = await h.fetch('/default', {
      headers: { 'x-request-id': 'default-1', accept: 'application/json' },
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { incident: string };
    expect(JSON.stringify(body)).not.toContain('secret detail');
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    expect(body.incident).toBe(incident.incident?.ref);
  });
});
