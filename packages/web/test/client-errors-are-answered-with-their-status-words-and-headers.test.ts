// A handler that throws a client error (a 4xx status, as http-errors makes them) gets an answer, not a crash page:
// the status, the status line's words and the headers the error carries (a browser shows its login prompt only
// with WWW-Authenticate) — never the error's message. Which thrown values carry a status is logbook.statusOf's
// answer. Found by mutation testing (session 14): the status range's ends, the words of an unknown status, the
// content type and the headers that are left out were unchecked.

import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** The answer to a request whose handler throws `error`. */
async function answerTo(error: unknown): Promise<Response> {
  site = await JsonlSite.start({}, () => {
    throw error;
  });
  return fetch(`${site.url}/account`);
}

describe('a thrown client error', () => {
  it('is answered with its status and the words of its status line, as plain text', async () => {
    const answer = await answerTo(Object.assign(new Error('secret detail'), { status: 418 }));
    expect(answer.status).toBe(418);
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await answer.text()).toBe("418 I'm a Teapot");
    // No header of its own: the error carries none.
    const own = [...answer.headers.keys()].filter(
      (name) =>
        !['connection', 'keep-alive', 'date', 'content-length', 'content-type', 'x-request-id'].includes(
          name,
        ),
    );
    expect(own).toEqual([]);
  });

  it('with a status outside 400 to 599, or one that is no number, is a crash answered 500', async () => {
    const moved = await answerTo(Object.assign(new Error('moved'), { status: 302 }));
    expect(moved.status).toBe(500);
    await site!.close();
    const text = await answerTo(Object.assign(new Error('not found'), { status: '404' }));
    expect(text.status).toBe(500);
  });

  it('that is no object but a function carrying a status (`throw next`) is a crash answered 500', async () => {
    const answer = await answerTo(Object.assign(() => undefined, { status: 404, headers: { Allow: 'GET' } }));
    expect(answer.status).toBe(500);
    expect(answer.headers.has('allow')).toBe(false);
    expect(site!.records().filter((r) => r.event === 'incident')).toHaveLength(1);
  });

  it('of a status without words is answered "Error"', async () => {
    const answer = await answerTo(Object.assign(new Error('secret detail'), { statusCode: 499 }));
    expect(answer.status).toBe(499);
    expect(await answer.text()).toBe('499 Error');
  });

  it('keeps the headers it carries that have a text or number value, and leaves out the rest', async () => {
    const answer = await answerTo(
      Object.assign(new Error('who are you'), {
        status: 401,
        headers: {
          'WWW-Authenticate': 'Basic realm="shop"',
          'Retry-After': 5,
          'X-Nested': { no: 'object' },
          'X-Broken': 'line\r\nbreak',
        },
      }),
    );
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="shop"');
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.has('x-nested')).toBe(false);
    expect(answer.headers.has('x-broken')).toBe(false);
    expect(await answer.text()).toBe('401 Unauthorized');
  });

  it('with headers that are no object, or cannot be listed, is answered without them', async () => {
    const answer = await answerTo(Object.assign(new Error('x'), { status: 405, headers: 'Allow: GET' }));
    expect(answer.status).toBe(405);
    expect(answer.headers.has('allow')).toBe(false);
    // Not read letter by letter as headers named 0, 1, 2, …
    expect(answer.headers.has('0')).toBe(false);
    await site!.close();
    const unlistable = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    const second = await answerTo(Object.assign(new Error('x'), { status: 429, headers: unlistable }));
    expect(second.status).toBe(429);
    expect(await second.text()).toBe('429 Too Many Requests');
  });
});

describe('logbook.statusOf', () => {
  it('is the status or statusCode of a thrown object from 400 to 599, else nothing', async () => {
    site = await JsonlSite.start({}, (_req, res) => res.end());
    const statusOf = (error: unknown): number | undefined => site!.logbook.statusOf(error);
    expect(statusOf({ status: 400 })).toBe(400);
    expect(statusOf({ status: 599 })).toBe(599);
    expect(statusOf({ status: 399 })).toBeUndefined();
    expect(statusOf({ status: 600 })).toBeUndefined();
    expect(statusOf({ statusCode: 404 })).toBe(404);
    expect(statusOf({ status: '404', statusCode: 410 })).toBe(410);
    expect(statusOf({ status: '404' })).toBeUndefined();
    expect(statusOf(404)).toBeUndefined();
    expect(statusOf(null)).toBeUndefined();
    expect(statusOf(Object.assign(() => undefined, { status: 404 }))).toBeUndefined();
    expect(
      statusOf({
        get status(): number {
          throw new Error('a getter that throws');
        },
      }),
    ).toBeUndefined();
  });
});
