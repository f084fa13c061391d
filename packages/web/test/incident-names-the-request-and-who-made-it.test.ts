// The incident record says which request crashed and who made it: its id, method, path, route, redacted query, the
// 500 it was answered with, the client's address and user agent, the signed-in user (as a pseudonym) and session.

import { afterEach, describe, expect, it } from 'vitest';
import { setRoute, setUser } from '../src/index.js';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('the incident names the request and who made it', () => {
  it('with the answer’s status, the user agent, the user and the session', async () => {
    site = await JsonlSite.start({}, () => {
      setRoute(undefined, '/orders/:id');
      setUser({ id: 7, name: 'Ann Lee' });
      throw new Error('checkout failed');
    });
    await (
      await fetch(`${site.url}/orders/31?token=t0kEnsEcReT&view=full`, {
        headers: { 'user-agent': 'Firefox/133.0', 'x-request-id': 'crash-1', cookie: 'sid=abc' },
      })
    ).text();
    await site.accessRecords(1);
    const incident = site.records().find((r) => r.event === 'incident');
    expect(incident?.request).toEqual({
      id: 'crash-1',
      method: 'GET',
      path: '/orders/31',
      route: '/orders/:id',
      query: 'token=%5Bredacted%5D&view=full',
      status: 500,
      ip: '127.0.0.1',
      ua: 'Firefox/133.0',
    });
    expect(incident?.user).toEqual({ id: expect.stringMatching(/^u-[0-9a-f]{16}$/) });
    expect(incident?.session).toMatch(/^s-[0-9a-f]{16}$/);
    expect(incident?.level).toBe('ERROR');
    expect(incident?.message).toMatch(/^Incident E-[0-9A-Z]{6} on GET \/orders\/31: /);
  });
});
