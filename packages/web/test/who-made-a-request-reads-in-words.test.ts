// A line that needs a look says who made the request in words a site owner reads: the named crawler or tool, else
// the browser and its system (or the browser alone when the system is not told), else that the client is unknown
// or sent no user agent at all — then its address.

import type { RecordJson } from 'logbook/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';
import { rawExchange } from './raw-socket.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** The access record of a 404 asked for with `userAgent` (none when undefined). */
async function accessWith(userAgent: string | undefined): Promise<RecordJson | undefined> {
  site ??= await JsonlSite.start({}, (_req, res) => {
    res.statusCode = 404;
    res.end('not here');
  });
  site.clear();
  const agent = userAgent === undefined ? '' : `User-Agent: ${userAgent}\r\n`;
  await rawExchange(
    site.url,
    `GET /missing HTTP/1.1\r\nHost: shop.example\r\n${agent}Connection: close\r\n\r\n`,
  );
  const [access] = await site.accessRecords(1);
  return access;
}

/** The `who` of the access record of a 404 asked for with `userAgent` (none when undefined). */
async function whoOf(userAgent: string | undefined): Promise<unknown> {
  return (await accessWith(userAgent))?.fields?.who;
}

describe('who made a request reads in words', () => {
  it('for a browser with and without its system, a named client, an unknown one and none', async () => {
    expect(
      await whoOf(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 141 on Windows 10 from 127.0.0.1');
    expect(await whoOf('Mozilla/5.0 Firefox/133.0')).toBe('Firefox 133 from 127.0.0.1');
    expect(await whoOf('curl/8.5.0')).toBe('curl from 127.0.0.1');
    expect(await whoOf('Mozilla/5.0')).toBe('an unknown client from 127.0.0.1');
    expect(await whoOf(undefined)).toBe('a client without user agent from 127.0.0.1');
  });

  it('for an empty User-Agent line as for none, with no empty user agent in the record', async () => {
    const access = await accessWith('');
    expect(access?.fields?.who).toBe('a client without user agent from 127.0.0.1');
    expect(access?.request).not.toHaveProperty('ua');
  });
});
