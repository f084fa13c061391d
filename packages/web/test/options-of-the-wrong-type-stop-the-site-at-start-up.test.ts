// An option of the wrong type stops the site before it serves a request. Such values used to be taken as they came,
// and the site ran with something else than asked: `storeUserIds: 'false'` (text, as read from the environment)
// wrote real user ids, and a string for `sampling.healthPaths` or `sessionCookies` was read letter by letter —
// no health check was thinned out, and one-letter query parameters were redacted as session cookies.

import { afterEach, describe, expect, it } from 'vitest';
import { setUser, WebOptionsError, type WebLogbookOptions } from '../src/index.js';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** A node:http site with `options` whose handler signs in user 42. */
async function start(options: WebLogbookOptions): Promise<JsonlSite> {
  site = await JsonlSite.start(options, (_req, res) => {
    setUser({ id: 42 });
    res.end('ok');
  });
  return site;
}

/** The error starting a site with `options` fails with (the options are given as a program would, unchecked). */
async function refusal(options: unknown): Promise<unknown> {
  return start(options as WebLogbookOptions).then(
    () => new Error(`a site with ${JSON.stringify(options)} started`),
    (error: unknown) => error,
  );
}

describe('options of the wrong type stop the site at start-up', () => {
  it('storeUserIds: "false" read from the environment, which wrote real user ids', async () => {
    const error = await refusal({ storeUserIds: 'false' });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect((error as Error).message).toBe('storeUserIds must be true or false, got "false".');
    // The value the application meant keeps the id a pseudonym.
    const s = await start({ storeUserIds: false });
    await (await fetch(s.url + '/account')).text();
    const [access] = await s.accessRecords(1);
    expect(access?.user).toEqual({ id: expect.stringMatching(/^u-[0-9a-f]{16}$/) });
  });

  it('a single health path written as a string, with which no health check was thinned out', async () => {
    const error = await refusal({ sampling: { health: 0, healthPaths: '/status' } });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect((error as Error).message).toMatch(
      /^sampling\.healthPaths must be a list of paths .*, got "\/status"\.$/,
    );
    const s = await start({ sampling: { health: 0, healthPaths: ['/status'] } });
    await (await fetch(s.url + '/status')).text();
    await (await fetch(s.url + '/after')).text();
    const written = await s.accessRecords(1);
    expect(written.map((r) => r.request?.path)).toEqual(['/after']);
  });

  it('a single session cookie written as a string, whose letters were redacted as secret names', async () => {
    const error = await refusal({ sessionCookies: 'sid' });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect((error as Error).message).toBe(
      `sessionCookies must be a list of cookie names such as ['connect.sid'], got "sid".`,
    );
    const s = await start({ sessionCookies: ['sid'] });
    await (await fetch(s.url + '/search?s=lamp&sid=abc123', { headers: { cookie: 'sid=abc123' } })).text();
    const [access] = await s.accessRecords(1);
    expect(access?.request?.query).toBe('s=lamp&sid=%5Bredacted%5D');
    expect(access?.session).toMatch(/^s-[0-9a-f]{16}$/);
  });
});
