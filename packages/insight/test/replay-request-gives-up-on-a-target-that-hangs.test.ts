import { describe, it, expect, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { REPLAY_TIMEOUT_CODE, sendRecordedRequest } from '../src/replay-request.js';

const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections(); // the hung request's socket, which close() alone would wait for
    s.close();
  }
});

/** A loopback server on `host` that answers with `handler`. */
async function serve(host: string, handler: Parameters<typeof createServer>[1]): Promise<URL> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, host, done));
  const { port } = server.address() as { port: number };
  return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
}

describe('one replayed request', () => {
  it('gives up on a target that takes the request and never answers, saying so', async () => {
    const origin = await serve('127.0.0.1', () => {
      /* holds the request open, as an application stuck on a lock does */
    });
    const sent = sendRecordedRequest(origin, '/stuck', 'GET', {}, undefined, { timeoutMs: 150 });
    await expect(sent).rejects.toMatchObject({
      code: REPLAY_TIMEOUT_CODE,
      message: 'no answer within 0.15 s',
    });
  });

  it('reaches a target given by an IPv6 address, and hands back every cookie it sets', async () => {
    const origin = await serve('::1', (req, res) => {
      res.setHeader('set-cookie', ['sid=1; Path=/', `seen=${encodeURIComponent(req.url!)}`]);
      res.writeHead(418).end();
    });
    const answer = await sendRecordedRequest(origin, '/a/../b', 'GET', {}, undefined);
    expect(answer).toEqual({ status: 418, setCookies: ['sid=1; Path=/', 'seen=%2Fa%2F..%2Fb'] });
  });
});
