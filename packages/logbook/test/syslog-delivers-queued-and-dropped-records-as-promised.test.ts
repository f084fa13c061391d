// What a SyslogHandler promises about delivery, checked with real sockets on loopback (a TCP server and a UDP
// socket of this test): close() sends what was logged before it, also while the connection is still being made
// and over UDP; a server that was away gets what was queued after one summary of what did not fit; a failure under
// errors: 'throw' reaches flush(). Mutation testing of handlers/syslog.ts showed no test noticed these going.
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Logger, SyslogHandler } from '../src/index.js';
import { freeTcpPort, sleep, until } from './support/rsyslog.js';

const log = new Logger('shop');
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A TCP server on `port` that keeps what it receives. */
async function tcpServer(port = 0): Promise<{ port: number; received: () => string }> {
  let text = '';
  const server = createServer((socket) =>
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8'))),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, received: () => text };
}

/** The messages of octet-counted frames (RFC 6587), without their BOM-prefixed text's header. */
function texts(frames: string): string[] {
  const out: string[] = [];
  const data = Buffer.from(frames, 'utf8');
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = Number(data.subarray(at, space).toString('latin1'));
    out.push(data.subarray(space + 1, space + 1 + length).toString('utf8'));
    at = space + 1 + length;
  }
  return out;
}

describe('SyslogHandler delivery', () => {
  it('over TCP, close() right after logging sends what was logged while the connection was being made', async () => {
    const server = await tcpServer();
    const handler = new SyslogHandler({
      transport: 'tcp',
      port: server.port,
      appName: 'a',
      procId: '1',
      hostname: 'h',
    });
    handler.bind(() => {
      for (let n = 1; n <= 3; n++) log.info('queued {n}', { n });
    });
    expect(handler.isConnected).toBe(false);
    expect(handler.queued).toBe(3);
    const started = Date.now();
    await handler.close();
    expect(Date.now() - started).toBeLessThan(900); // as soon as sent, not at the 1 s bound
    await until('three messages', () => (texts(server.received()).length === 3 ? true : undefined));
    expect(texts(server.received()).map((text) => text.split('\uFEFF')[1])).toEqual([
      'queued 1',
      'queued 2',
      'queued 3',
    ]);
  });

  it('over UDP, close() waits until every datagram handed to the socket is sent', async () => {
    const socket = createSocket('udp4');
    const received: string[] = [];
    socket.on('message', (message) => received.push(message.toString('utf8').split('\uFEFF')[1]!));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      const handler = new SyslogHandler({ transport: 'udp', port: socket.address().port });
      handler.bind(() => {
        for (let n = 0; n < 200; n++) log.info('datagram {n}', { n });
      });
      const started = Date.now();
      await handler.close();
      expect(Date.now() - started).toBeLessThan(900);
      expect(handler.errorCount).toBe(0); // nor did it try a TCP connection
      await until('200 datagrams', () => (received.length >= 200 ? true : undefined), 3000);
      expect(new Set(received).size).toBe(200);
    } finally {
      socket.close();
    }
  });

  it('a server that was away gets one summary of what did not fit in maxQueue, then the queued messages', async () => {
    const port = await freeTcpPort();
    const handler = new SyslogHandler({
      transport: 'tcp',
      port,
      facility: 'local1',
      maxQueue: 2,
      reconnectMs: { initial: 20, max: 40 },
      errors: 'silent',
      appName: 'a',
      procId: '1',
      hostname: 'h',
    });
    handler.bind(() => {
      for (let n = 1; n <= 5; n++) log.info('while away {n}', { n });
    });
    expect(handler.dropped).toBe(3);
    await sleep(100); // a few refused attempts
    const server = await tcpServer(port);
    await until('the summary and two messages', () =>
      texts(server.received()).length >= 3 ? true : undefined,
    );
    const [summary, ...rest] = texts(server.received());
    expect(summary).toMatch(
      /^<140>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z h a 1 logbook\.dropped - \uFEFFDropped 3 messages while the syslog server was unreachable$/,
    );
    expect(rest.map((text) => text.split('\uFEFF')[1])).toEqual(['while away 1', 'while away 2']);
    // Reported once: the next connection after a drop-free spell carries no summary.
    handler.bind(() => log.info('after {n}', { n: 3 }));
    await until('the next message', () => (texts(server.received()).length === 4 ? true : undefined));
    expect(texts(server.received()).filter((text) => text.includes('logbook.dropped'))).toHaveLength(1);
    await handler.close();
  });

  it("under errors: 'throw' a refused connection is thrown by flush() once, not from the socket's callback", async () => {
    const port = await freeTcpPort();
    const handler = new SyslogHandler({
      transport: 'tcp',
      port,
      errors: 'throw',
      reconnectMs: { initial: 60_000 },
    });
    await until('the refusal', () => (handler.errorCount > 0 ? true : undefined));
    await expect(handler.flush()).rejects.toThrow(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    await expect(handler.flush()).resolves.toBeUndefined();
    await handler.close();
  });

  it('over UDP, counts a datagram that could not be sent', async () => {
    const handler = new SyslogHandler({ transport: 'udp', host: 'nonexistent.invalid', errors: 'silent' });
    handler.bind(() => log.info('nowhere'));
    await until('the failure', () => (handler.errorCount > 0 ? true : undefined), 8000);
    await handler.close();
    expect(handler.errorCount).toBe(1);
  }, 10_000);

  it('takes no record after close(): it is counted, not sent', async () => {
    const server = await tcpServer();
    const handler = new SyslogHandler({ transport: 'tcp', port: server.port, errors: 'silent' });
    await handler.close();
    handler.bind(() => log.info('too late'));
    expect(handler.errorCount).toBe(1);
    expect(handler.queued).toBe(0);
    await sleep(50);
    expect(server.received()).toBe('');
  });
});
