// A password-reset page's address is the referer of whatever it links to, token and all; PHP-style sites put
// the session id in the query. Neither may reach the log: not the access record, not an incident, not the
// session trail an incident carries.
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';
import { rawExchange } from './raw-socket.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('secrets in referers and session ids in query strings', () => {
  const h = new Harness(async (logbook) => {
    const server = createServer(
      logbook.node((req, res) => {
        if (req.url?.startsWith('/crash') === true) throw new Error('crash after the reset page');
        res.end('ok');
      }),
    );
    server.listen(0, '127.0.0.1');
    return runningSite(server, logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('are redacted wherever a request is written', async () => {
    const headers = {
      referer: 'https://shop.example/reset?token=REF-SECRET-1&step=2',
      'user-agent': FIREFOX,
    };
    await (await h.fetch('/account?PHPSESSID=SESS-SECRET-2&tab=orders', { headers })).text();
    await (await h.fetch('/crash?sid=SESS-SECRET-3', { headers })).text();
    await h.waitFor((r) => r.event === 'http.request' && r.request?.path === '/crash', 'crash access');
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');

    const text = JSON.stringify(h.records());
    for (const secret of ['REF-SECRET-1', 'SESS-SECRET-2', 'SESS-SECRET-3'])
      expect(text).not.toContain(secret);
    const access = h.records().find((r) => r.request?.path === '/account')!;
    expect(access.request?.referer).toBe('https://shop.example/reset?token=%5Bredacted%5D&step=2');
    expect(access.request?.query).toBe('PHPSESSID=%5Bredacted%5D&tab=orders');
    expect(incident.incident?.received?.headers?.referer).toContain('step=2');
    expect(incident.incident?.session_trail?.[0]?.referer).toContain('step=2');
  });

  it('are redacted after `;`, in a fragment, under an encoded key and in each repeat of a key', async () => {
    const headers = {
      referer: 'https://shop.example/cb?state=ok;access_token=REF-SECRET-4',
      'user-agent': FIREFOX,
    };
    await (await h.fetch('/cb?a=1;token=Q-SECRET-5&b=x/y', { headers })).text();
    await (await h.fetch('/login?pass%77ord=Q-SECRET-6&api+key=Q-SECRET-7', { headers })).text();
    await (await h.fetch('/list?token=Q-SECRET-8&token=Q-SECRET-9', { headers })).text();
    // fetch() drops a fragment; a client that sends one keeps it in the target, and Node passes it on.
    await rawGet(h.site.url, '/implicit#access_token=Q-SECRET-10&expires_in=3600', FIREFOX);
    await rawGet(h.site.url, '/crash?x=1#id_token=Q-SECRET-11', FIREFOX);
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    await h.waitFor((r) => r.event === 'http.request' && r.request?.path === '/crash', 'crash access');

    const text = JSON.stringify(h.records());
    for (let n = 4; n <= 11; n++) expect(text).not.toContain(`SECRET-${n}`);
    const byPath = (path: string) => h.records().find((r) => r.request?.path === path)!.request!;
    // Redacted values are replaced in place; everything else stays as it was sent.
    expect(byPath('/cb').query).toBe('a=1;token=%5Bredacted%5D&b=x/y');
    expect(byPath('/cb').referer).toBe('https://shop.example/cb?state=ok;access_token=%5Bredacted%5D');
    expect(byPath('/login').query).toBe('pass%77ord=%5Bredacted%5D&api+key=%5Bredacted%5D');
    expect(byPath('/list').query).toBe('token=%5Bredacted%5D&token=%5Bredacted%5D');
    expect(byPath('/implicit').query).toBe('#access_token=%5Bredacted%5D&expires_in=3600');
    expect(incident.incident?.received?.url).toBe('/crash?x=1#id_token=%5Bredacted%5D');
    expect(incident.request?.query).toBe('x=1#id_token=%5Bredacted%5D');
    expect(incident.incident?.session_trail?.map((r) => r.query)).toContain('a=1;token=%5Bredacted%5D&b=x/y');
  });

  it('are redacted beside a broken % escape, which stays as sent', async () => {
    await rawGet(h.site.url, '/search?q=100%&token=Q-SECRET-14&r=%zz', FIREFOX);
    await rawGet(h.site.url, '/crash?q=50%&to%ken=x&token=Q-SECRET-15', FIREFOX);
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    await h.waitFor((r) => r.event === 'http.request' && r.request?.path === '/crash', 'crash access');

    expect(JSON.stringify(h.records())).not.toContain('Q-SECRET');
    const search = h.records().find((r) => r.request?.path === '/search')!.request!;
    expect(search.query).toBe('q=100%&token=%5Bredacted%5D&r=%zz');
    expect(incident.incident?.received?.url).toBe('/crash?q=50%&to%ken=x&token=%5Bredacted%5D');
  });

  // Found by every-request-gets-one-access-record-as-sent.test.ts: the path ended at the `?` after the fragment,
  // so it carried the token (`/cb#access_token=Q-SECRET-12`), in the access record, its message and the incident.
  it('are redacted from a fragment that has a `?` in it; the path ends at the `#`', async () => {
    await rawGet(h.site.url, '/cb#access_token=Q-SECRET-12?x=1', FIREFOX);
    await rawGet(h.site.url, '/crash#id_token=Q-SECRET-13?y=2', FIREFOX);
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    await h.waitFor((r) => r.event === 'http.request' && r.request?.path === '/crash', 'crash access');

    expect(JSON.stringify(h.records())).not.toContain('Q-SECRET');
    const cb = h.records().find((r) => r.request?.path === '/cb')!.request!;
    expect(cb.query).toBe('#access_token=%5Bredacted%5D');
    expect(incident.incident?.received?.url).toBe('/crash#id_token=%5Bredacted%5D');
  });

  // A servlet container that cannot set a cookie writes the session into the path (`;jsessionid=…`), and
  // crawlers keep asking for such links long after: the path, its message, the incident and the referer.
  it('are redacted from path parameters, in every segment, and the rest of the path stays as sent', async () => {
    const headers = {
      referer: 'https://shop.example/catalog;jsessionid=P-SECRET-14?page=2',
      'user-agent': FIREFOX,
    };
    await (await h.fetch('/cart;jsessionid=P-SECRET-15/item;v=2;token=P-SECRET-16?x=1', { headers })).text();
    await (await h.fetch('/crash;jsessionid=P-SECRET-17', { headers })).text();
    const incident = await h.waitFor((r) => r.event === 'incident', 'incident');
    await h.waitFor(
      (r) => r.event === 'http.request' && r.request?.path?.startsWith('/crash') === true,
      'access',
    );

    expect(JSON.stringify(h.records())).not.toContain('P-SECRET');
    const cart = h
      .records()
      .find((r) => r.event === 'http.request' && r.request?.path?.startsWith('/cart') === true)!;
    expect(cart.request?.path).toBe('/cart;jsessionid=%5Bredacted%5D/item;v=2;token=%5Bredacted%5D');
    expect(cart.request?.query).toBe('x=1');
    expect(cart.request?.referer).toBe('https://shop.example/catalog;jsessionid=%5Bredacted%5D?page=2');
    expect(cart.message).toContain('/cart;jsessionid=%5Bredacted%5D/item');
    expect(incident.request?.path).toBe('/crash;jsessionid=%5Bredacted%5D');
    expect(incident.incident?.received?.url).toBe('/crash;jsessionid=%5Bredacted%5D');
    expect(incident.incident?.session_trail?.map((r) => r.path)).toContain(
      '/cart;jsessionid=%5Bredacted%5D/item;v=2;token=%5Bredacted%5D',
    );

    // The site's root as a servlet container rewrites it: the parameter right after the first slash.
    await (await h.fetch('/;jsessionid=P-SECRET-19', { headers })).text();
    const root = await h.waitFor((r) => r.request?.path?.startsWith('/;') === true, 'root access');
    expect(root.request?.path).toBe('/;jsessionid=%5Bredacted%5D');

    // A request Node refuses before the app sees it (a header line without a colon) is recorded with the same path.
    await rawExchange(h.site.url, 'GET /old;jsessionid=P-SECRET-18 HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n');
    const refused = await h.waitFor((r) => r.request?.status === 400, 'refused request');
    expect(refused.request?.path).toBe('/old;jsessionid=%5Bredacted%5D');
    expect(JSON.stringify(h.records())).not.toContain('P-SECRET');
  });
});

/** A GET sent as raw bytes, so that the target goes out exactly as written (fragment included). */
function rawGet(url: string, target: string, userAgent: string): Promise<string> {
  return rawExchange(
    url,
    `GET ${target} HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: ${userAgent}\r\nConnection: close\r\n\r\n`,
  );
}
