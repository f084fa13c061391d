// `CONNECT example.com:443` asks the server to be a proxy. Node hands it to the server's `connect` listeners, never to
// the request listener, and with none it closes the connection unanswered: no middleware saw it, so without
// logbook.started() listening the probe left no record. With no `connect` listener of the app's own, the connection
// is closed as Node would close it, and the request gets its access record; an app that listens (a proxy) is left
// alone.
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';
import { rawExchange } from './raw-socket.js';

const CONNECT =
  'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nUser-Agent: curl/8.5.0\r\nX-Request-Id: tunnel-1\r\n\r\n';

describe('a CONNECT request', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('to a site that is no proxy is closed unanswered, as Node closes it, and gets one access record', async () => {
    h = new Harness((logbook) =>
      runningSite(createServer(logbook.node((_req, res) => res.end('page'))).listen(0, '127.0.0.1'), logbook),
    );
    await h.start();
    expect(await rawExchange(h.site.url, CONNECT)).toBe('');
    const access = await h.access('tunnel-1');
    expect(access.message).toMatch(
      /^CONNECT example\.com:443 → no answer in [\d.]+ ms for curl from 127\.0\.0\.1: connection closed by the server before any answer$/,
    );
    expect(access.request).toMatchObject({ method: 'CONNECT', path: 'example.com:443', ip: '127.0.0.1' });
    expect(access.request?.status).toBeUndefined();
    expect(access.signals).toEqual(['bad-method', 'tool-user-agent']);
    expect(h.records().filter((r) => r.event === 'http.request')).toHaveLength(1);
  });

  it('to an app that listens for CONNECT itself is the app’s to answer, recorded once when it wraps its listener', async () => {
    h = new Harness((logbook) => {
      const server = createServer(logbook.node((_req, res) => res.end('page')));
      server.on(
        'connect',
        logbook.upgrade((_req, socket) => {
          socket.end('HTTP/1.1 200 Connection Established\r\n\r\n');
        }),
      );
      return runningSite(server.listen(0, '127.0.0.1'), logbook);
    });
    await h.start();
    expect(await rawExchange(h.site.url, CONNECT)).toBe('HTTP/1.1 200 Connection Established\r\n\r\n');
    expect((await h.access('tunnel-1')).request).toMatchObject({ method: 'CONNECT', status: 200 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.records().filter((r) => r.event === 'http.request')).toHaveLength(1);
  });
});
