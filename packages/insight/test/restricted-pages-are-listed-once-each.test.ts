import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, webRequest, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const BOTS = ['Googlebot', 'bingbot', 'GPTBot'];

/** Each bot asks for the same three login-only lectures; Googlebot asks for the first twice. */
function crawlerRecords(): Rec[] {
  const out: Rec[] = [];
  let i = 0;
  for (const name of BOTS)
    for (const n of name === 'Googlebot' ? [1, 1, 2, 3] : [1, 2, 3])
      out.push(
        webRequest(
          i++,
          {
            path: `/courses/ts/lectures/${n}`,
            status: 401,
            auth_required: true,
            ua: `Mozilla/5.0 (compatible; ${name})`,
          },
          { kind: 'crawler', name },
        ),
      );
  return out;
}

describe('crawlers on login-only pages', () => {
  it('are listed once per page, with the crawlers that asked and their hits, most asked first', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), crawlerRecords());
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    // The JSON keeps a row per crawler and page.
    expect(report.crawlers_restricted).toHaveLength(9);

    const text = (await cli(['report', dir, '--no-color', '--width', '120'])).out.split('\n');
    const heading = text.findIndex((l) => l.includes('Crawlers on login-only pages'));
    expect(text[heading + 1]!.trim()).toMatch(/^path +status +hits +crawlers$/);
    expect(text.slice(heading + 2, heading + 5).map((l) => l.trim().split(/ {2,}/))).toEqual([
      ['/courses/ts/lectures/1', '401', '4', 'bingbot, Googlebot, GPTBot'],
      ['/courses/ts/lectures/2', '401', '3', 'bingbot, Googlebot, GPTBot'],
      ['/courses/ts/lectures/3', '401', '3', 'bingbot, Googlebot, GPTBot'],
    ]);

    const limited = (await cli(['report', dir, '--no-color', '--limit', '2'])).out;
    expect(limited).toContain('… 1 more page (--limit or --json shows them)');

    await cli(['report', dir, '--html', join(dir, 'report.html')]);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page.match(/<td[^>]*>\/courses\/ts\/lectures\/1<\/td>/g)).toHaveLength(1);
    expect(page).toContain('bingbot, Googlebot, GPTBot');
  });

  it('in the JSON, a page has every status its crawlers got, lowest first, whether any needed a login and when last; most asked first', async () => {
    const dir = tempDir();
    const bot = (name: string): object => ({ kind: 'crawler', name });
    const ua = (name: string): string => `Mozilla/5.0 (compatible; ${name})`;
    writeJsonl(join(dir, 'app.jsonl'), [
      webRequest(1, { path: '/z', status: 401, ua: ua('Googlebot') }, bot('Googlebot')),
      webRequest(7, { path: '/z', status: 303, auth_required: true, ua: ua('bingbot') }, bot('bingbot')),
      webRequest(3, { path: '/b', status: 403, auth_required: false, ua: ua('GPTBot') }, bot('GPTBot')),
      webRequest(4, { path: '/b', status: 200, ua: ua('GPTBot') }, bot('GPTBot')),
      webRequest(5, { path: '/z', status: 401, ua: ua('Googlebot') }, bot('Googlebot')),
      webRequest(6, { path: '/c', status: 200, ua: ua('bingbot') }, bot('bingbot')),
    ]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.crawlers_restricted_pages).toEqual([
      {
        path: '/z',
        statuses: [303, 401],
        crawlers: ['bingbot', 'Googlebot'],
        hits: 3,
        auth_required: true,
        last_seen: '2026-11-21T09:00:07.000Z',
      },
      {
        path: '/b',
        statuses: [403],
        crawlers: ['GPTBot'],
        hits: 1,
        auth_required: false,
        last_seen: '2026-11-21T09:00:03.000Z',
      },
    ]);
  });
});
