// An access record's level tells the outcome at a glance — INFO up to 399, NOTICE from 400, ERROR from 500 — and a
// refusal or failure says why in words: its own for 401, 403 and 404, else its status line's ("unprocessable
// entity"), else "status <n>" for a code without one. An ordinary answer has no reason; a crash names its incident.

import { afterEach, describe, expect, it } from 'vitest';
import { JsonlSite } from './jsonl-site.js';

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('access records tell the outcome by level and reason', () => {
  it('for each status at the bounds of its level', async () => {
    site = await JsonlSite.start({}, (req, res) => {
      if (req.url === '/crash') throw new Error('checkout failed');
      res.statusCode = Number(req.url!.slice(1));
      res.end();
    });
    const outcomes: [string, string, string | undefined][] = [];
    for (const path of [
      '/200',
      '/302',
      '/399',
      '/400',
      '/401',
      '/403',
      '/404',
      '/422',
      '/499',
      '/500',
      '/599',
      '/crash',
    ]) {
      site.clear();
      // Linked from a page of the site: a 404 without a referer is read as a probe, and says so.
      const headers = { referer: `${site.url}/200` };
      await (await fetch(site.url + path, { redirect: 'manual', headers })).text();
      const [access] = await site.accessRecords(1);
      outcomes.push([path, access!.level, access!.fields?.reason as string | undefined]);
    }
    const incidentReason = outcomes.at(-1)![2];
    expect(incidentReason).toMatch(/^incident E-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(outcomes).toEqual([
      ['/200', 'INFO', undefined],
      ['/302', 'INFO', undefined],
      ['/399', 'INFO', undefined],
      ['/400', 'NOTICE', 'bad request'],
      ['/401', 'NOTICE', 'login required'],
      ['/403', 'NOTICE', 'forbidden'],
      ['/404', 'NOTICE', 'not found'],
      ['/422', 'NOTICE', 'unprocessable entity'],
      ['/499', 'NOTICE', 'status 499'],
      ['/500', 'ERROR', 'internal server error'],
      ['/599', 'ERROR', 'status 599'],
      ['/crash', 'ERROR', incidentReason],
    ]);
  });

  it('names a scanner by its name, and a crawler on an auth-only page by its name when it has one', async () => {
    site = await JsonlSite.start({}, (req, res) => {
      res.statusCode = req.url === '/account' ? 401 : 200;
      res.end();
    });
    const reasonFor = async (path: string, userAgent: string): Promise<unknown> => {
      site!.clear();
      await (await fetch(site!.url + path, { headers: { 'user-agent': userAgent } })).text();
      const [access] = await site!.accessRecords(1);
      return access!.fields?.reason;
    };
    expect(await reasonFor('/', 'sqlmap/1.7.2#stable (https://sqlmap.org)')).toBe(
      'scanner user agent (sqlmap); client judged scanner',
    );
    expect(
      await reasonFor('/account', 'Mozilla/5.0 (compatible; AcmeBot/1.0; +https://acme.example/bot)'),
    ).toBe('crawler on auth-only page (AcmeBot)');
    // A crawler that tells no name of its own.
    expect(await reasonFor('/account', 'Mozilla/5.0 (compatible; +https://acme.example/crawler.html)')).toBe(
      'crawler on auth-only page',
    );
  });
});
