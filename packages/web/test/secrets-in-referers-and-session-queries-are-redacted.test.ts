// A password-reset page's address is the referer of whatever it links to, token and all; PHP-style sites put
// the session id in the query. Neither may reach the log: not the access record, not an incident, not the
// session trail an incident carries.
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';

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
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
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
});
