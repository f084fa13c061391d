// The options of createWebLogbook() that change what a site's records say: which request id header is read and
// echoed (and whether an incoming id is believed), the channel of the access record, and how much of the user is
// written — a keyed pseudonym by default, the id, name and e-mail address only when the application opts in.

import { afterEach, describe, expect, it } from 'vitest';
import { setUser, type WebLogbookOptions } from '../src/index.js';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** One request to a site with `options` whose handler signs in Ann; the response and the access record. */
async function oneRequest(options: WebLogbookOptions, headers: Record<string, string> = {}) {
  site = await JsonlSite.start(options, (_req, res) => {
    setUser({ id: 42, name: 'Ann Lee', email: 'ann@example.org' });
    res.end('ok');
  });
  const response = await fetch(site.url + '/account', { headers });
  await response.text();
  const [access] = await site.accessRecords(1);
  expect(access, 'an access record').toBeDefined();
  return { response, access: access! };
}

describe('options change what the records say', () => {
  it('believe a valid incoming request id by default, and echo it', async () => {
    const { response, access } = await oneRequest({}, { 'x-request-id': 'trace-7f3a' });
    expect(access.request?.id).toBe('trace-7f3a');
    expect(response.headers.get('x-request-id')).toBe('trace-7f3a');
  });

  it('make a new id when told not to believe incoming ones', async () => {
    const { response, access } = await oneRequest(
      { trustRequestId: false },
      { 'x-request-id': 'trace-7f3a' },
    );
    expect(access.request?.id).toMatch(/^[0-9a-z]{6}-[0-9a-z]+$/);
    expect(response.headers.get('x-request-id')).toBe(access.request?.id);
  });

  it('read and echo the request id header they name, in any case', async () => {
    const { response, access } = await oneRequest(
      { requestIdHeader: 'X-Trace-Id' },
      { 'x-trace-id': 'edge-91', 'x-request-id': 'other-1' },
    );
    expect(access.request?.id).toBe('edge-91');
    expect(response.headers.get('x-trace-id')).toBe('edge-91');
    expect(response.headers.get('x-request-id')).toBeNull();
  });

  it('put the app on every record when it is named, with its environment, and no app when it is not', async () => {
    expect((await oneRequest({})).access.app).toBeUndefined();
    await site!.close();
    site = undefined;
    const { access } = await oneRequest({ app: { name: 'shop', version: '2.1.0', env: 'staging' } });
    expect(access.app).toEqual({ name: 'shop', version: '2.1.0', env: 'staging' });
  });

  it('write access records on the channel they name, "http" by default', async () => {
    expect((await oneRequest({})).access.channel).toBe('http');
    await site!.close();
    site = undefined;
    expect((await oneRequest({ channel: 'shop.web' })).access.channel).toBe('shop.web');
  });

  it('write a user as a keyed pseudonym without name or e-mail by default', async () => {
    const secret = 'k'.repeat(32);
    const first = (await oneRequest({ secret })).access.user;
    expect(first).toEqual({ id: expect.stringMatching(/^u-[0-9a-f]{16}$/) });
    await site!.close();
    site = undefined;
    // The same secret after a restart: the same pseudonym. Another secret: another one.
    expect((await oneRequest({ secret })).access.user).toEqual(first);
    await site!.close();
    site = undefined;
    expect((await oneRequest({ secret: 'z'.repeat(32) })).access.user?.id).not.toBe(first?.id);
  });

  it('write the id, name and e-mail address each only when opted in', async () => {
    expect((await oneRequest({ storeUserIds: true })).access.user).toEqual({ id: '42' });
    await site!.close();
    site = undefined;
    expect((await oneRequest({ storeUserNames: true })).access.user).toEqual({
      id: expect.stringMatching(/^u-[0-9a-f]{16}$/),
      name: 'Ann Lee',
    });
    await site!.close();
    site = undefined;
    expect((await oneRequest({ storeUserEmails: true })).access.user).toEqual({
      id: expect.stringMatching(/^u-[0-9a-f]{16}$/),
      email: 'ann@example.org',
    });
  });
});
