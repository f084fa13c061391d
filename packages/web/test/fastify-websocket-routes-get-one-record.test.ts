// A WebSocket route of @fastify/websocket: the plugin hands node's `upgrade` to Fastify's router, so the
// logbook plugin's hooks see the request, but the answer goes out on the socket, not through the reply.
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentRequestId } from '../src/index.js';
import { Harness, log, runningSite } from './behaviour.js';
import { openWebSocket } from './websocket-client.js';

const h = new Harness(async (logbook) => {
  const app = Fastify({ genReqId: logbook.requestIdFor });
  await app.register(logbook.fastify);
  await app.register(websocket);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/live/private' && request.headers['x-token'] !== 'ok') await reply.code(401).send();
    if (request.url === '/live/drop') {
      // The app turns the client away without a word (an abusive address, say).
      reply.hijack();
      request.raw.socket.destroy();
    }
  });
  app.register(async (scoped) => {
    scoped.get('/live/:room', { websocket: true }, (socket) => {
      log.info('socket open for {id}', { id: currentRequestId() ?? 'none' });
      socket.send('hello');
    });
  });
  app.get('/page', async () => 'page');
  await app.listen({ port: 0, host: '127.0.0.1' });
  return runningSite(app.server, logbook);
});

describe('Fastify WebSocket routes (@fastify/websocket)', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('get one 101 access record when the handshake completes, and the handler runs in the request’s context', async () => {
    expect(await openWebSocket(h.site.url, '/live/lobby', { 'x-request-id': 'fws-1' })).toBe('hello');
    const access = await h.access('fws-1');
    expect(access.level).toBe('INFO');
    expect(access.message).toMatch(/^GET \/live\/lobby → 101 in [\d.]+ ms$/);
    expect(access.request).toMatchObject({
      method: 'GET',
      path: '/live/lobby',
      route: '/live/:room',
      status: 101,
    });
    const logged = h.records().filter((r) => r.channel === 'app' && r.event === undefined);
    expect(logged.map((r) => [r.message, r.request?.id])).toEqual([['socket open for fws-1', 'fws-1']]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the socket has closed by now: still one record
    expect(h.records().filter((r) => r.request?.id === 'fws-1' && r.event === 'http.request')).toHaveLength(
      1,
    );
  });

  it('record a handshake a hook refuses with the status it was answered with', async () => {
    expect(await openWebSocket(h.site.url, '/live/private', { 'x-request-id': 'fws-2' })).toBe('refused 401');
    const access = await h.access('fws-2');
    expect(access.level).toBe('NOTICE');
    expect(access.request?.status).toBe(401);
  });

  it('record a socket the handler closes without answering with no status and who closed it', async () => {
    expect(await openWebSocket(h.site.url, '/live/drop', { 'x-request-id': 'fws-3' })).toBe('error');
    const access = await h.access('fws-3');
    expect(access.message).toMatch(
      /^GET \/live\/drop → no answer in [\d.]+ ms for a client without user agent from 127\.0\.0\.1: connection closed by the server before the handshake was answered$/,
    );
    expect(access.request?.status).toBeUndefined();
  });
});
