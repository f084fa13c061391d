// A WebSocket endpoint (the `ws` package) beside an Express app on one node server: the upgrade never reaches
// Express, so the upgrade listener is wrapped with logbook.upgrade().
import express from 'express';
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { currentRequestId } from '../src/index.js';
import { Harness, log, runningSite } from './behaviour.js';
import { openWebSocket } from './websocket-client.js';

const h = new Harness(async (logbook) => {
  const app = express();
  app.use(logbook.express());
  app.get('/page', (_req, res) => res.send('page'));
  app.use(logbook.expressErrors());
  const server = createServer(app);
  const wss = new WebSocketServer({
    noServer: true,
    verifyClient: ({ req }: { req: { headers: Record<string, unknown> } }) => req.headers['x-token'] === 'ok',
  });
  server.on(
    'upgrade',
    logbook.upgrade((req, socket, head) => {
      if (req.url === '/live/crash') throw new Error('upgrade handler bug');
      if (req.url === '/live/drop') {
        socket.destroy(); // the app turns the client away without a word
        return;
      }
      log.info('upgrade for {id}', { id: currentRequestId() ?? 'none' });
      wss.handleUpgrade(req, socket, head, (ws) => {
        log.info('socket open');
        ws.send('hello');
      });
    }),
  );
  server.listen(0, '127.0.0.1');
  return runningSite(server, logbook);
});

describe('WebSocket upgrades wrapped with logbook.upgrade()', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('get one 101 access record, and the upgrade handler runs in the request’s context', async () => {
    expect(await openWebSocket(h.site.url, '/live', { 'x-token': 'ok', 'x-request-id': 'ws-1' })).toBe(
      'hello',
    );
    const access = await h.access('ws-1');
    expect(access.level).toBe('INFO');
    expect(access.message).toMatch(/^GET \/live → 101 in [\d.]+ ms$/);
    expect(access.request).toMatchObject({ method: 'GET', path: '/live', status: 101, bytes: 0 });
    const logged = h.records().filter((r) => r.channel === 'app' && r.event === undefined);
    expect(logged.map((r) => [r.message, r.request?.id])).toEqual([
      ['upgrade for ws-1', 'ws-1'],
      ['socket open', 'ws-1'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the socket has closed by now: still one record
    expect(h.records().filter((r) => r.request?.id === 'ws-1' && r.event === 'http.request')).toHaveLength(1);
  });

  it('record a refused handshake with the status it was answered with', async () => {
    expect(await openWebSocket(h.site.url, '/live', { 'x-token': 'wrong', 'x-request-id': 'ws-2' })).toBe(
      'refused 401',
    );
    const access = await h.access('ws-2');
    expect(access.level).toBe('NOTICE');
    expect(access.request?.status).toBe(401);
  });

  it('make an incident of an upgrade handler that throws, answered 500', async () => {
    expect(await openWebSocket(h.site.url, '/live/crash', { 'x-token': 'ok', 'x-request-id': 'ws-3' })).toBe(
      'refused 500',
    );
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    expect(incident.error?.message).toBe('upgrade handler bug');
    const access = await h.access('ws-3');
    expect(access.level).toBe('ERROR');
    expect(access.fields?.incident).toBe(incident.incident?.ref);
  });

  it('record a socket the app closes without answering with no status and who closed it', async () => {
    expect(await openWebSocket(h.site.url, '/live/drop', { 'x-token': 'ok', 'x-request-id': 'ws-4' })).toBe(
      'error',
    );
    const access = await h.access('ws-4');
    expect(access.level).toBe('NOTICE');
    expect(access.message).toMatch(
      /^GET \/live\/drop → no answer in [\d.]+ ms for a client without user agent from 127\.0\.0\.1: connection closed by the server before the handshake was answered$/,
    );
    expect(access.request?.status).toBeUndefined();
    expect(access.request?.bytes).toBe(0);
    expect(access.fields?.status).toBeUndefined();
    expect(access.request?.aborted).toBeUndefined();
  });
});
