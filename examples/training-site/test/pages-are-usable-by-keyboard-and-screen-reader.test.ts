import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSite, type RunningSite } from '../src/site.js';
import { COURSES } from '../src/courses.js';
import { tempDir } from './support/run.js';
import { launchChromium } from '../../../test/support/chromium.js';
import {
  expectNoAxeFindings,
  focused,
  headingProblems,
  headings,
  tabThrough,
} from '../../../test/support/accessibility.js';

// A visitor's name and a search as people write them: right-to-left script, emoji, and markup that stays text.
const NAME = 'نور <b>Ann</b> 👩🏽‍💻';
const QUERY = 'بحث <i>type</i> 🔍';

let site: RunningSite;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  site = await startSite({ port: 0, logDir: tempDir('a11y'), console: false });
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Every page a visitor reads, with what it needs first (a logged-in visitor for the account page). */
const PAGES: [string, string][] = [
  ['home', '/'],
  ['catalogue with a search', `/courses?q=${encodeURIComponent(QUERY)}`],
  ['catalogue', '/courses'],
  ['course', `/courses/${COURSES[0]!.slug}`],
  ['lecture not owned', `/courses/${COURSES[0]!.slug}/lectures/2`],
  ['login', '/login'],
  ['register', '/register'],
];

describe('the training site’s pages for keyboard and screen-reader users (axe-core, WCAG 2.1 A/AA)', () => {
  it('a visitor registers with the keyboard alone: Tab through labelled fields, Enter submits', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${site.url}/register`);
    const stops = await tabThrough(page, 5);
    // Header first (brand, then the site navigation), then the form's fields by their labels.
    expect(stops.map((f) => f?.name)).toEqual(['Evening Courses', 'Courses', 'Log in', 'Register', 'Name']);
    for (const f of stops) expect(f?.ring, f?.name).toBe(true);
    await page.keyboard.type(NAME);
    await page.keyboard.press('Tab');
    expect((await focused(page))?.name).toBe('E-mail');
    await page.keyboard.type('nour@example.com');
    await page.keyboard.press('Tab');
    expect((await focused(page))?.name).toBe('Password (8 characters or more)');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    expect(await page.locator('h1').textContent()).toBe(`Hello, ${NAME}`);
  });

  for (const scheme of ['light', 'dark'] as const)
    for (const [size, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const)
      it(`no violation on any page, ${scheme} on a ${size}; one h1 and ordered headings each`, async () => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: scheme });
        // Logged in (from the test above): the account page and the header's Log out button are read too.
        for (const [name, path] of [...PAGES, ['account', '/account'] as [string, string]]) {
          await page.goto(`${site.url}${path}`);
          await expectNoAxeFindings(page, `the training site's ${name} page (${scheme}, ${size})`);
          expect(headingProblems(await headings(page)), name).toEqual([]);
        }
      }, 120_000);

  it('a wrong password is said at once (role alert) and the page still passes axe', async () => {
    const other = await browser.newPage();
    try {
      await other.goto(`${site.url}/login`);
      await other.getByLabel('E-mail').fill('nour@example.com');
      await other.getByLabel('Password').fill('wrong password');
      await other.getByLabel('Password').press('Enter');
      await other.getByRole('alert').waitFor();
      expect(await other.getByRole('alert').textContent()).not.toBe('');
      await expectNoAxeFindings(other, 'the login page with its error');
    } finally {
      await other.close();
    }
  });
});
