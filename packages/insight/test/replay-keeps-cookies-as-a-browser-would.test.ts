import { describe, it, expect, afterAll } from 'vitest';
import { cli } from './helpers/records.js';
import { closeSites, incidentRecord, logsWith, recordingSite } from './support/replay-site.js';

afterAll(closeSites);

/**
 * A site that logs in with a session cookie, scopes a cart cookie to /shop, sets one for another domain (as an
 * app configured for production does), and logs out by expiring the session. It remembers the Cookie header each
 * path arrived with.
 */
async function site(): Promise<{ url: string; cookies: Map<string, string | undefined> }> {
  const cookies = new Map<string, string | undefined>();
  const s = await recordingSite((req, res) => {
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
  return { url: s.url, cookies };
}

const incident = (): string =>
  logsWith([
    incidentRecord('E-COOK01', 'fp-1', {
      request: { id: 'r5', method: 'GET', path: '/account', status: 500 },
      incident: {
        received: { method: 'GET', url: '/account', headers: {} },
        session_trail: [
          { id: 'r1', path: '/login', status: 200 },
          { id: 'r2', path: '/shop/cart', status: 200 },
          { id: 'r3', path: '/logout', status: 200 },
          { id: 'r4', path: '/shop/cart?again=1', status: 200 },
        ],
      },
    }),
  ]);

describe('replay keeps the cookies the target sets as a browser would', () => {
  it('sends a cookie only under its path, drops it when expired, and says which it could not keep', async () => {
    const { url, cookies } = await site();
    const r = await cli(['replay', 'E-COOK01', incident(), '--target', url]);
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
