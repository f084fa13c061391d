// An upgrade listener wrapped with logbook.upgrade() that fails is an incident whenever it fails: before it answered
// (the client gets a 500), after the handshake went out (a bug in the code after wss.handleUpgrade()), and when an
// async listener rejects. Node would otherwise crash the process on the throw, or drop the rejection unseen.
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createWebLogbook } from '../src/index.js';
import { Harness, runningSite } from './behaviour.js';
import { rawExchange } from './raw-socket.js';
import { openWebSocket } from './websocket-client.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

const h = new Harness(async (logbook) => {
  const server = createServer((_req, res) => res.end('page'));
  const wss = new WebSocketServer({ noServer: true });
  const later = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    await turn();
    if (req.url === '/live/async-before') throw new Error('async bug before answering');
    wss.handleUpgrade(req, socket, head, (ws) => ws.send('hello'));
    throw new Error('async bug after the handshake');
  };
  server.on(
    'upgrade',
    logbook.upgrade((req, socket, head) => {
      // A listener written as an arrow that returns what socket.end() returns: the socket, no promise.
      if (req.url === '/live/refuse')
        return socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      if (req.url !== '/live/late-sync') return later(req, socket, head);
      // ws answers the handshake before handleUpgrade() returns (its verifyClient is synchronous).
      wss.handleUpgrade(req, socket, head, (ws) => ws.send('hello'));
      throw new Error('bug after the handshake');
    }),
  );
  server.listen(0, '127.0.0.1');
  return runningSite(server, logbook);
});

describe('an upgrade listener that fails', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  async function incidentOf(path: string, id: string): Promise<{ answer: string; message?: string }> {
    const answer = await openWebSocket(h.site.url, path, { 'x-request-id': id });
    const incident = await h.waitFor((r) => r.event === 'incident' && r.request?.id === id, `incident ${id}`);
    return { answer, message: incident.error?.message };
  }

  it('rejecting before it answered: a 500 and an incident named on the access record', async () => {
    const { answer, message } = await incidentOf('/live/async-before', 'up-1');
    expect(answer).toBe('refused 500');
    expect(message).toBe('async bug before answering');
    const access = await h.access('up-1');
    expect(access.request?.status).toBe(500);
    expect(access.level).toBe('ERROR');
  });

  it('throwing after the handshake went out: an incident, the 101 recorded as it went', async () => {
    const { message } = await incidentOf('/live/late-sync', 'up-2');
    expect(message).toBe('bug after the handshake');
    expect((await h.access('up-2')).request?.status).toBe(101);
  });

  it('throwing after the handshake went out: the client gets no 500 after its 101', async () => {
    const answer = await rawExchange(
      h.site.url,
      'GET /live/late-sync HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Request-Id: up-4\r\n\r\n',
      true,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    expect(answer).not.toContain('500');
  });

  it('rejecting after the handshake went out: an incident', async () => {
    const { message } = await incidentOf('/live/async-after', 'up-3');
    expect(message).toBe('async bug after the handshake');
    expect((await h.access('up-3')).request?.status).toBe(101);
  });
});

describe('an upgrade listener that returns what is no promise', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('is left alone: its answer is recorded, and nothing fails', async () => {
    expect(await openWebSocket(h.site.url, '/live/refuse', { 'x-request-id': 'up-5' })).toBe('refused 403');
    expect((await h.access('up-5')).request?.status).toBe(403);
    expect(h.records().filter((r) => r.event === 'incident')).toEqual([]);
  });
});

describe('logbook.upgrade() given no listener', () => {
  it('says what to pass', () => {
    const logbook = createWebLogbook({});
    try {
      expect(() => logbook.upgrade(undefined as never)).toThrow(
        new TypeError(
          "logbook.upgrade(listener) needs your upgrade listener: server.on('upgrade', logbook.upgrade((req, socket, head) => …)).",
        ),
      );
    } finally {
      logbook.close();
    }
  });
});
