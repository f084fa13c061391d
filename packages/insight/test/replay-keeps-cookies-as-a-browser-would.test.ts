import { describe, it, expect, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeJsonl } from './helpers/records.js';

const dirs: string[] = [];
let server: Server | undefined;
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (server) await new Promise((r) => server!.close(r));
});

/**
 * A site that logs in with a session cookie, scopes a cart cookie to /shop, sets one for another domain (as an
 * app configured for production does), and logs out by expiring the session. It remembers the Cookie header each
 * path arrived with.
 */
async function site(): Promise<{ port: number; cookies: Map<string, string | undefined> }> {
  const cookies = new Map<string, string | undefined>();
  server = createServer((req, res) => {
    cookies.set(req.url ?? '', req.headers.cookie);
    if (req.url === '/login')
      res.setHeader('set-cookie', [
        'sid=abc; Path=/; HttpOnly; SameSite=Lax',
        'cart=3; Path=/shop',
        'tracking=1; Domain=example.com; Path=/',
      ]);
    if (req.url === '/logout') res.setHeader('set-cookie', 'sid=; Path=/; Max-Age=0');
    res.end('ok');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, cookies };
}

function incident(): string {
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
      request: { id: 'r5', method: 'GET', path: '/account', status: 500 },
      incident: {
        ref: 'E-COOK01',
        fingerprint: 'fp-1',
        received: { method: 'GET', url: '/account', headers: {} },
        session_trail: [
          { id: 'r1', path: '/login', status: 200 },
          { id: 'r2', path: '/shop/cart', status: 200 },
          { id: 'r3', path: '/logout', status: 200 },
          { id: 'r4', path: '/shop/cart?again=1', status: 200 },
        ],
      },
    },
  ]);
  return dir;
}

describe('replay keeps the cookies the target sets as a browser would', () => {
  it('sends a cookie only under its path, drops it when expired, and says which it could not keep', async () => {
    const { port, cookies } = await site();
    const r = await cli(['replay', 'E-COOK01', incident(), '--target', `http://127.0.0.1:${port}`]);
    expect(r.err).toBe('');
    expect(cookies.get('/login')).toBeUndefined();
    // the cart cookie belongs to /shop; the other domain's cookie is not kept
    expect(cookies.get('/shop/cart')).toBe('cart=3; sid=abc');
    expect(cookies.get('/logout')).toBe('sid=abc');
    // logged out: the expired session is gone, not sent as an empty value
    expect(cookies.get('/shop/cart?again=1')).toBe('cart=3');
    expect(cookies.get('/account')).toBeUndefined();
    expect(r.out).toMatch(
      /1\/5 GET \/login → 200\n {6}cookie not kept, as a browser would not keep it: tracking \(.*domain.*\)\n/,
    );
  });
});
