import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, type RunningSite } from '../src/site.js';
import { records, tempDir } from './support/run.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
let site: RunningSite;
let logDir: string;

beforeAll(async () => {
  logDir = tempDir('pages');
  site = await startSite({ port: 0, logDir, console: false });
});
afterAll(async () => {
  await site.close();
});

interface Visitor {
  cookie: string | undefined;
  go(path: string, form?: Record<string, string>): Promise<Response>;
}

/** A browser-like visitor: its own address, a session cookie it keeps. */
function visitor(ip: string): Visitor {
  const v: Visitor = {
    cookie: undefined,
    async go(path, form) {
      const headers: Record<string, string> = { 'user-agent': CHROME, 'x-forwarded-for': ip };
      if (v.cookie !== undefined) headers.cookie = v.cookie;
      const init: RequestInit = { headers, redirect: 'manual' };
      if (form !== undefined) {
        init.method = 'POST';
        init.body = new URLSearchParams(form);
      }
      const res = await fetch(site.url + path, init);
      const set = res.headers.getSetCookie()[0];
      if (set !== undefined) v.cookie = /Max-Age=0/.test(set) ? undefined : set.split(';')[0];
      return res;
    },
  };
  return v;
}

describe('the training site', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie at registration and escapes the name it shows', async () => {
    const ann = visitor('198.51.100.201');
    const res = await ann.go('/register', {
      name: '<b>Ann</b>',
      email: 'ann@example.com',
      password: 'long enough pw',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^sid=[\w-]{32}; Path=\/; HttpOnly; SameSite=Lax/);
    const account = await (await ann.go('/account')).text();
    expect(account).toContain('Hello, &lt;b&gt;Ann&lt;/b&gt;');
    expect(account).not.toContain('<b>Ann</b>');
  });

  it('answers lecture pages with 401 without a login, 403 before buying, 200 after', async () => {
    const path = '/courses/sql-for-analysts/lectures/2';
    const bob = visitor('198.51.100.202');
    expect((await bob.go(path)).status).toBe(401);
    await bob.go('/register', { name: 'Bob', email: 'bob@example.com', password: 'long enough pw' });
    expect((await bob.go(path)).status).toBe(403);
    const bought = await bob.go('/courses/sql-for-analysts/buy', {});
    expect(bought.status).toBe(303);
    expect(bought.headers.get('location')).toMatch(/^\/receipts\/[\w-]{16}$/);
    expect((await bob.go(path)).status).toBe(200);
  });

  it('changes the session id at login, refuses a wrong password with 401, and forgets the session at logout', async () => {
    const cy = visitor('198.51.100.203');
    await cy.go('/register', { name: 'Cy', email: 'cy@example.com', password: 'long enough pw' });
    const first = cy.cookie;
    expect((await cy.go('/login', { email: 'cy@example.com', password: 'wrong password' })).status).toBe(401);
    const ok = await cy.go('/login', {
      email: 'cy@example.com',
      password: 'long enough pw',
      next: '//evil.example',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account'); // no open redirect
    expect(cy.cookie).not.toBe(first);
    const session = cy.cookie;
    await cy.go('/logout', {});
    expect(cy.cookie).toBeUndefined();
    cy.cookie = session; // the old cookie no longer opens the account
    expect((await cy.go('/account')).headers.get('location')).toBe('/login?next=/account');
  });

  it('crashes on the receipt of the course without an instructor, with an incident the logs hold', async () => {
    const dee = visitor('198.51.100.204');
    await dee.go('/register', { name: 'Dee', email: 'dee@example.com', password: 'long enough pw' });
    const bought = await dee.go('/courses/css-layout-classics/buy', {});
    const receipt = await dee.go(bought.headers.get('location')!);
    expect(receipt.status).toBe(500);
    const ref = /E-[0-9A-Z]{6}/.exec(await receipt.text())?.[0];
    expect(ref).toBeDefined();
    await site.logging.flush();
    const incident = records(join(logDir, 'app.jsonl')).find((r) => r.event === 'incident');
    expect(incident).toMatchObject({
      level: 'ERROR',
      request: { path: bought.headers.get('location'), ip: '198.51.100.204' },
      error: { name: 'TypeError' },
      incident: { ref },
    });
  });

  it('records start-up, each request with the forwarded client address, and the user actions', async () => {
    await site.logging.flush();
    const all = records(join(logDir, 'app.jsonl'));
    expect(all[0]).toMatchObject({ event: 'app.start', fields: { app: 'training-site' } });
    const events = new Set(all.map((r) => r.event));
    for (const e of [
      'http.request',
      'user.signup',
      'user.login',
      'user.login_failed',
      'user.logout',
      'purchase',
    ]) {
      expect(events).toContain(e);
    }
    const access = all.filter((r) => r.event === 'http.request') as { request: { ip: string } }[];
    expect(new Set(access.map((r) => r.request.ip))).toEqual(
      new Set(['198.51.100.201', '198.51.100.202', '198.51.100.203', '198.51.100.204']),
    );
    // Passwords never reach the logs, not even in the incident's captured body.
    expect(JSON.stringify(all)).not.toContain('long enough pw');
  });

  it('serves robots.txt and a sitemap of the public pages', async () => {
    const robots = await (await fetch(`${site.url}/robots.txt`)).text();
    expect(robots).toContain('Disallow: /account');
    expect(robots).toContain(`Sitemap: ${site.url}/sitemap.xml`);
    const sitemap = await (await fetch(`${site.url}/sitemap.xml`)).text();
    expect(sitemap).toContain(`<loc>${site.url}/courses/typescript-from-zero</loc>`);
    expect(sitemap).not.toContain('/lectures/');
  });
});
