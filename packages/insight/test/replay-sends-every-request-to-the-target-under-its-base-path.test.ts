import { describe, it, expect, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

const dirs: string[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server that answers 200 and remembers the request targets it received. */
async function recordingServer(): Promise<{ port: number; targets: string[] }> {
  const targets: string[] = [];
  const server = createServer((req, res) => {
    targets.push(req.url ?? '');
    res.end('ok');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, targets };
}

/**
 * An incident whose session holds what scanners and proxy probes send as request targets: a path that starts
 * with two slashes and an absolute URL, both naming another host. The crash itself was a plain path.
 */
function incidentNaming(otherHost: string): string {
  const dir = tempDir();
  dirs.push(dir);
  writeJsonl(join(dir, 'app.jsonl'), [
    {
      v: 1,
      time: '2026-11-21T10:00:00.000Z',
      level: 'ERROR',
      channel: 'http',
      msg: 'Unhandled error',
      event: 'incident',
      error: { name: 'TypeError', message: 'boom', fingerprint: 'fp-1' },
      request: { id: 'r3', method: 'GET', path: '/cart', query: 'item=3', status: 500 },
      incident: {
        ref: 'E-BASE01',
        fingerprint: 'fp-1',
        received: { method: 'GET', url: '/cart?item=3#top', headers: {} },
        session_trail: [
          { id: 'r1', path: `//${otherHost}/steal`, status: 404 },
          { id: 'r2', path: `http://${otherHost}/proxy`, query: 'q=1', status: 404 },
          { id: 'r3', path: '/cart', query: 'item=3', status: 500 },
        ],
      },
    },
  ]);
  return dir;
}

describe('replay sends every request to the target, under its base path', () => {
  it('never lets a recorded target name another host', async () => {
    const target = await recordingServer();
    const other = await recordingServer();
    const dir = incidentNaming(`127.0.0.1:${other.port}`);
    const r = await cli(['replay', 'E-BASE01', dir, '--target', `http://127.0.0.1:${target.port}`]);
    expect(r.err).toBe('');
    expect(other.targets).toEqual([]);
    expect(target.targets).toEqual([
      `//127.0.0.1:${other.port}/steal`,
      '/proxy?q=1',
      // a `#` the client sent is part of the request target, not a fragment to drop
      '/cart?item=3%23top',
    ]);
  });

  it('puts a target base path before each recorded path, in the sent requests and in the printed scripts', async () => {
    const target = await recordingServer();
    const dir = incidentNaming('example.com');
    const shop = `http://127.0.0.1:${target.port}/shop/`;
    const r = await cli(['replay', 'E-BASE01', dir, '--target', shop]);
    expect(r.err).toBe('');
    expect(target.targets).toEqual([
      '/shop//example.com/steal',
      '/shop/proxy?q=1',
      '/shop/cart?item=3%23top',
    ]);

    const http = await cli(['replay', 'E-BASE01', dir, '--target', shop, '--print', 'http']);
    expect(http.out).toContain(`GET http://127.0.0.1:${target.port}/shop/cart?item=3%23top\n`);
    expect(http.out).not.toContain('example.com/steal\n###');
    const curl = await cli(['replay', 'E-BASE01', dir, '--target', shop, '--print', 'curl']);
    expect(curl.out).toContain(`'http://127.0.0.1:${target.port}/shop//example.com/steal'`);
    expect(curl.out).toContain(`'http://127.0.0.1:${target.port}/shop/proxy?q=1'`);
  });

  it('refuses a target with a query, a fragment or credentials, saying what to give instead', async () => {
    const dir = incidentNaming('example.com');
    for (const [target, words] of [
      ['http://127.0.0.1:3000/?debug=1', 'has a query or fragment'],
      ['http://127.0.0.1:3000/#x', 'has a query or fragment'],
      ['http://me:pw@127.0.0.1:3000', 'has a user name or password in it'],
    ] as const) {
      const r = await cli(['replay', 'E-BASE01', dir, '--target', target]);
      expect(r.code, target).toBe(2);
      expect(r.err, target).toContain(`--target ${target} ${words}`);
      expect(r.err, target).toContain('e.g. http://127.0.0.1:3000');
    }
  });
});
