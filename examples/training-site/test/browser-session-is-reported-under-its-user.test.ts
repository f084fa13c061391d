// A real browser (Debian's chromium, headless, driven by playwright-core) uses the real pages: register,
// log out, log in, subscribe, log out. The report must count those actions under that session's user and
// show the client the same way on every request: automation (HeadlessChrome says so in its user agent).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '../../../packages/insight/test/support/browser.js';
import { startSite, type RunningSite } from '../src/site.js';
import { records, reportJson, tempDir } from './support/run.js';

let site: RunningSite;
let browser: Browser;
let page: Page;
const email = 'headless.learner@example.com';
const password = 'a long browser password';

beforeAll(async () => {
  site = await startSite({ port: 0, logDir: tempDir('browser'), console: false });
  browser = await launchBrowser();
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function logOut(): Promise<void> {
  await Promise.all([page.waitForURL(`${site.url}/`), page.getByRole('button', { name: 'Log out' }).click()]);
}

describe('a browser session', () => {
  it('registers, logs out, logs in, subscribes and logs out through the real pages', async () => {
    await page.goto(site.url);
    expect(await page.title()).toBe('Learn in the evening · Evening Courses');
    const shot = await screenshot(page, 'training-site-home');
    expect(shot).toMatch(/training-site-home\.png$/);

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByLabel('Name').fill('Headless Learner');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await Promise.all([
      page.waitForURL(`${site.url}/account`),
      page.getByRole('button', { name: 'Register' }).click(),
    ]);
    expect(await page.textContent('h1')).toBe('Hello, Headless Learner');
    await logOut();

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([
      page.waitForURL(`${site.url}/account`),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);

    await page.goto(site.url);
    await page.getByLabel(/One e-mail a month/).fill(email);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('Thank you: you are on the list.').waitFor();
    await logOut();
    expect(await page.getByRole('link', { name: 'Log in' }).count()).toBe(1);
  }, 60_000);

  it('shows those actions in the report under the user of that session', async () => {
    await site.logging.flush();
    const all = records(join(site.logDir, 'app.jsonl'));
    const signup = all.find((r) => r.event === 'user.signup') as
      { user: { id: string }; session: string } | undefined;
    expect(signup?.user.id).toMatch(/^u-[0-9a-f]{16}$/);
    const report = await reportJson('--filter', `user=${signup!.user.id}`, site.logDir);
    expect(report.users.users).toBe(1);
    expect(report.users.actions).toEqual({
      'user.signup': 1,
      'user.login': 1,
      'user.login_failed': 0,
      'user.logout': 2,
      'newsletter.subscribe': 1,
      purchase: 0,
    });
  });

  it('classifies headless Chrome as automation, with the reason, on every request', async () => {
    const all = records(join(site.logDir, 'app.jsonl'));
    const access = all.filter((r) => r.event === 'http.request') as {
      request: { ua?: string };
      client: Record<string, unknown>;
    }[];
    expect(access.length).toBeGreaterThanOrEqual(10);
    for (const r of access) {
      expect(r.request.ua).toContain('HeadlessChrome');
      expect(r.client).toMatchObject({
        kind: 'unknown',
        name: 'HeadlessChrome',
        reason: 'automation: headless browser',
      });
    }
    const report = await reportJson(site.logDir);
    // One client, one name, one reason for the whole session: the report's automation table has exactly one row.
    expect(report.clients.unknown).toEqual({
      hits: access.length,
      clients: 1,
      attackers: 0,
      by_name: [
        { name: 'HeadlessChrome', reason: 'automation: headless browser', hits: access.length, clients: 1 },
      ],
    });
    expect(report.clients.humans.hits).toBe(0);
    expect(report.clients.crawlers.hits).toBe(0);
    expect(report.attackers).toEqual([]);
  });
});
