// An incident shows the requests of the crashed request's session before it, and no one else's: visitors behind
// one address with one browser keep apart by their session cookie. The session is known by a keyed hash of the
// cookie's value, never the value itself; the first session cookie in the header counts, and an empty one is no
// session (else every visitor with an empty cookie would share one trail, and see each other's requests).

import { afterEach, describe, expect, it } from 'vitest';
import type { WebLogbookOptions } from '../src/index.js';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function start(options: WebLogbookOptions = {}): Promise<JsonlSite> {
  site = await JsonlSite.start(options, (req, res) => {
    if (req.url === '/crash') throw new Error('checkout failed');
    res.end('ok');
  });
  return site;
}

async function get(s: JsonlSite, path: string, id: string, headers: Record<string, string>): Promise<void> {
  const before = s.records().filter((r) => r.event === 'http.request').length;
  await (await fetch(s.url + path, { headers: { 'x-request-id': id, ...headers } })).text();
  await s.accessRecords(before + 1);
}

function incident(s: JsonlSite) {
  const record = s.records().find((r) => r.event === 'incident');
  expect(record, 'an incident record').toBeDefined();
  return record!;
}

describe('a session trail holds one session’s requests', () => {
  it('keeps visitors with one address and browser apart by their session cookie, known by a hash', async () => {
    const s = await start();
    await get(s, '/cart', 'ann-1', { cookie: 'connect.sid=ann-cookie-value' });
    await get(s, '/cart', 'bob-1', { cookie: 'connect.sid=bob-cookie-value' });
    await get(s, '/pay', 'ann-2', { cookie: 'theme=dark;  connect.sid=ann-cookie-value ; sid=other' });
    await get(s, '/crash', 'ann-3', { cookie: 'connect.sid=ann-cookie-value' });
    const record = incident(s);
    expect(record.incident?.session_trail?.map((r) => r.id)).toEqual(['ann-1', 'ann-2']);
    expect(record.session).toMatch(/^s-[0-9a-f]{16}$/);
    const access = s.records().filter((r) => r.event === 'http.request');
    const sessionOf = (id: string) => access.find((r) => r.request?.id === id)?.session;
    expect(sessionOf('ann-1')).toBe(record.session);
    expect(sessionOf('ann-2')).toBe(record.session);
    expect(sessionOf('bob-1')).toMatch(/^s-[0-9a-f]{16}$/);
    expect(sessionOf('bob-1')).not.toBe(record.session);
    expect(s.text()).not.toContain('cookie-value');
  });

  it('takes an empty session cookie for none: the trail is the address and browser’s', async () => {
    const s = await start();
    await get(s, '/cart', 'firefox-1', { cookie: 'sid=', 'user-agent': 'Firefox/133.0' });
    await get(s, '/cart', 'chrome-1', { cookie: 'sid=', 'user-agent': 'Chrome/141.0' });
    await get(s, '/crash', 'chrome-2', { cookie: 'sid= ; theme=dark', 'user-agent': 'Chrome/141.0' });
    const record = incident(s);
    expect(record.session).toBeUndefined();
    expect(record.incident?.session_trail?.map((r) => r.id)).toEqual(['chrome-1']);
  });

  it('knows the session cookies of the common frameworks by default', async () => {
    const s = await start();
    const names = ['connect.sid', 'koa.sess', 'sessionId', 'sessionid', 'session', 'sid', 'PHPSESSID'];
    for (const name of names) await get(s, '/cart', name, { cookie: `theme=dark; ${name}=value-of-${name}` });
    await get(s, '/cart', 'none', { cookie: 'theme=dark; csrf=abc' });
    const sessionOf = (id: string) => s.records().find((r) => r.request?.id === id)?.session;
    const sessions = names.map(sessionOf);
    expect(sessions).toEqual(names.map(() => expect.stringMatching(/^s-[0-9a-f]{16}$/)));
    expect(new Set(sessions).size).toBe(names.length);
    expect(sessionOf('none')).toBeUndefined();
  });

  it('reads the session cookies it is told to, and only those', async () => {
    const s = await start({ sessionCookies: ['shop_session'] });
    await get(s, '/cart', 'a-1', { cookie: 'shop_session=one' });
    await get(s, '/cart', 'b-1', { cookie: 'shop_session=two; connect.sid=one' });
    await get(s, '/crash', 'a-2', { cookie: 'connect.sid=two; shop_session=one' });
    expect(incident(s).incident?.session_trail?.map((r) => r.id)).toEqual(['a-1']);
  });

  it('keeps none with sessionTrailSize 0, and the newest ones up to the size', async () => {
    const none = await start({ sessionTrailSize: 0 });
    await get(none, '/cart', 'a-1', { cookie: 'sid=one' });
    await get(none, '/crash', 'a-2', { cookie: 'sid=one' });
    expect(incident(none).incident?.session_trail).toEqual([]);
    await none.close();
    const two = await start({ sessionTrailSize: 2 });
    for (const id of ['b-1', 'b-2', 'b-3']) await get(two, '/cart', id, { cookie: 'sid=two' });
    await get(two, '/crash', 'b-4', { cookie: 'sid=two' });
    expect(incident(two).incident?.session_trail?.map((r) => r.id)).toEqual(['b-2', 'b-3']);
  });
});
