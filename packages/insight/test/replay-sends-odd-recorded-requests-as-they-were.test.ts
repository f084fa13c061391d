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

/** A loopback server that answers 200 and remembers each request target and body it received. */
async function recordingServer(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(body === '' ? `${req.method} ${req.url}` : `${req.method} ${req.url} ${body}`);
      res.end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

/** One incident, `E-ODD001`, with the given session before it and the crashing request as received. */
function incident(sessionPaths: string[], received: object): string {
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
      error: { name: 'TypeError', message: 'boom', fingerprint: 'fp-odd' },
      request: { id: 'crash', method: 'POST', path: '/crash', status: 500 },
      incident: {
        ref: 'E-ODD001',
        fingerprint: 'fp-odd',
        received,
        session_trail: sessionPaths.map((path, i) => ({ id: `r${i}`, path, status: 404 })),
      },
    },
  ]);
  return dir;
}

describe('replay sends odd recorded requests as they were', () => {
  it('sends every recorded target as a path on the target, with a URL inside it kept whole', async () => {
    const t = await recordingServer();
    const dir = incident(
      [
        'wp-login.php', // no leading slash, as a sloppy scanner sends it
        '/a#b', // a # the client sent is part of the path
        'http://other.test', // a proxy request with no path
        '/redirect/http://x.test/y', // a URL inside a path is no scheme to strip
        'http://other.test/r/http://x.test/', // nor is one after an absolute target's own
      ],
      { method: 'POST', url: '/crash', headers: { 'content-type': 'application/json' } },
    );
    const r = await cli(['replay', 'E-ODD001', dir, '--target', t.url]);
    expect(r.err).toBe('');
    expect(t.seen).toEqual([
      'GET /wp-login.php',
      'GET /a%23b',
      'GET /',
      'GET /redirect/http://x.test/y',
      'GET /r/http://x.test/',
      'POST /crash',
    ]);
  });

  it('sends a JSON body with its nulls, and a form value that only looks like a placeholder as that text', async () => {
    const json = await recordingServer();
    await cli([
      'replay',
      'E-ODD001',
      incident([], {
        method: 'POST',
        url: '/crash',
        headers: { 'content-type': 'application/json' },
        body: { coupon: null, items: [1, null] },
      }),
      '--target',
      json.url,
    ]);
    expect(json.seen).toEqual(['POST /crash {"coupon":null,"items":[1,null]}']);

    const form = await recordingServer();
    const r = await cli([
      'replay',
      'E-ODD001',
      incident([], {
        method: 'POST',
        url: '/crash',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { note: '{{coupon}}', password: '[redacted]' },
      }),
      '--target',
      form.url,
      '--set',
      'password=hunter2',
    ]);
    expect(r.err).toBe('');
    // {{coupon}} was typed by the visitor, not left by a redaction: it is sent as text, percent-encoded
    expect(form.seen).toEqual(['POST /crash note=%7B%7Bcoupon%7D%7D&password=hunter2']);
  });

  it('refuses a target with only a user name, or only a password, in it', async () => {
    const dir = incident([], { method: 'GET', url: '/crash' });
    for (const target of ['http://me@127.0.0.1:3000', 'http://:pw@127.0.0.1:3000']) {
      const r = await cli(['replay', 'E-ODD001', dir, '--target', target]);
      expect(r.code, target).toBe(2);
      expect(r.err, target).toContain('has a user name or password in it');
    }
  });

  it('suggests the usual local address for an incident that recorded no headers', async () => {
    const r = await cli(['show', 'E-ODD001', incident([], { method: 'GET', url: '/crash' })]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Reproduce: logbook replay E-ODD001 --target http:\/\/127\.0\.0\.1:3000 /);
  });
});
