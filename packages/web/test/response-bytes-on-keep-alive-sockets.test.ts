import { createServer, Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { Harness, runningSite } from './behaviour.js';
import type { RequestJson } from 'logbook/schema';

/** A site whose /size/N answers N bytes without a Content-Length header of its own; /later/size/N after 20 ms. */
const harness = new Harness((logbook) =>
  runningSite(
    createServer(
      logbook.node((req, res) => {
        const n = Number(/^(?:\/later)?\/size\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
        if (req.url?.startsWith('/later/') === true) setTimeout(() => res.end('x'.repeat(n)), 20);
        else res.end('x'.repeat(n));
      }),
    ).listen(0, '127.0.0.1'),
    logbook,
  ),
);
afterEach(() => harness.stop());

function get(url: string, agent: Agent, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

/** The access records once there are `count` of them (they are written when each response closes). */
async function accessRequests(count: number): Promise<RequestJson[]> {
  const access = () => harness.records().filter((r) => r.event === 'http.request');
  await waitUntil(`${count} access records`, () => access().length >= count, {
    seen: () =>
      harness
        .records()
        .map((r) => r.message)
        .join('\n'),
  });
  return access().map((r) => r.request!);
}

describe('response bytes', () => {
  it('are each response body on one keep-alive connection, also after a 100-continue', async () => {
    await harness.start();
    const site = harness.site;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sizes = [11, 0, 300, 7, 5000, 42];
    try {
      for (const [i, size] of sizes.entries()) {
        // The fourth asks for 100-continue: Node writes the interim answer before the request is handled.
        const headers: Record<string, string> = i === 3 ? { expect: '100-continue' } : {};
        await get(`${site.url}/size/${size}`, agent, headers);
      }
    } finally {
      agent.destroy();
    }
    const requests = await accessRequests(sizes.length);
    expect(requests.map((r) => [r.path, r.bytes])).toEqual(sizes.map((n) => [`/size/${n}`, n]));
  });

  // Answered at once, each pipelined request is over before Node reads the next; answered later, all three are
  // in flight together, and their responses are counted on the socket as one.
  it.each(['', '/later'])(
    'are never a wrong number for requests pipelined on one connection (%s)',
    async (prefix) => {
      await harness.start();
      const site = harness.site;
      const sizes = [13, 250, 4];
      const { port } = new URL(site.url);
      // Three requests in one write: Node answers them in order, each response waiting for the one before.
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            sizes.map((n) => `GET ${prefix}/size/${n} HTTP/1.1\r\nHost: localhost\r\n\r\n`).join(''),
          );
        });
        let text = '';
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => {
          text += chunk;
          if (text.split('HTTP/1.1 200').length - 1 === sizes.length && text.endsWith('x'.repeat(4))) {
            socket.end();
            resolve(text);
          }
        });
        socket.on('error', reject);
      });
      expect(raw.split('HTTP/1.1 200')).toHaveLength(sizes.length + 1);
      const requests = await accessRequests(sizes.length);
      expect(requests.map((r) => r.path)).toEqual(sizes.map((n) => `${prefix}/size/${n}`));
      // The socket's count mixes their responses: a size is recorded only when it is the response's own.
      for (const [i, r] of requests.entries()) expect([undefined, sizes[i]]).toContain(r.bytes);
    },
  );
});
