import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { cli, tempDir } from './helpers/records.js';
import { launchBrowser } from './support/browser.js';
import { hostileSite } from './support/hostile-site.js';
import { writeLog } from './support/site-logs.js';
import {
  expectNoAxeFindings,
  headingProblems,
  headings,
  tabThrough,
} from '../../../test/support/accessibility.js';

async function report(records: readonly object[]): Promise<string> {
  const dir = tempDir();
  writeLog(join(dir, 'app.jsonl'), records);
  const file = join(dir, 'report.html');
  const run = await cli(['report', dir, '--html', file]);
  expect(run.code, run.err).toBe(0);
  return pathToFileURL(file).href;
}

describe('the HTML report for screen-reader, keyboard and low-vision users', () => {
  let browser: Browser;
  let page: Page;
  let shop: string;
  let empty: string;
  beforeAll(async () => {
    [shop, empty] = [await report(hostileSite().records), await report([])];
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const scheme of ['light', 'dark'] as const)
    for (const [size, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const)
      it(`axe finds no violation, ${scheme} on a ${size}, with hostile log text and with none`, async () => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(shop);
        await expectNoAxeFindings(page, `the HTML report (${scheme}, ${size})`);
        // The timeline's table opened, as a person reading the numbers would.
        await page.locator('details summary').first().click();
        await expectNoAxeFindings(page, `the HTML report with its timeline table open (${scheme}, ${size})`);
        await page.goto(empty);
        await expectNoAxeFindings(page, `the HTML report of an empty log (${scheme}, ${size})`);
      }, 90_000);

  it('has one h1, ordered headings, a main landmark, the language, and tables named and headed', async () => {
    await page.goto(shop);
    expect(headingProblems(await headings(page))).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('main h1').count()).toBe(1);
    const tables = page.locator('table');
    expect(await tables.count()).toBeGreaterThan(5);
    for (const table of await tables.all()) {
      expect((await table.locator('caption').textContent())?.trim()).not.toBe('');
      expect(await table.locator('thead th').count()).toBeGreaterThan(0);
    }
  });

  it('says the timeline in words and in a table, and names its colours in a legend', async () => {
    await page.goto(shop);
    const said = (await page.locator('.timeline svg').getAttribute('aria-label'))!;
    const m =
      /^requests per (minute|hour|day), (.+) to (.+) UTC: ([\d,]+) in all, the most ([\d,]+) at (.+); /.exec(
        said,
      );
    expect(m, said).not.toBeNull();
    // The table holds every bucket by kind; its totals are the words' numbers and the overview's.
    const table = page.locator('details table');
    const all = (await table.locator('td[data-label="all"]').allTextContents()).map((t) =>
      Number(t.replace(/,/g, '')),
    );
    expect(all.reduce((a, b) => a + b, 0)).toBe(Number(m![4]!.replace(/,/g, '')));
    expect(Math.max(...all)).toBe(Number(m![5]!.replace(/,/g, '')));
    const kpi = (await page.locator('.kpi b').first().textContent())!;
    expect(m![4]).toBe(kpi);
    // Each colour of the drawing is named beside it.
    expect(await page.locator('.timeline .legend').innerText()).toMatch(
      /human\s+crawler\s+scanner\s+unknown/,
    );
    // The table opens from the keyboard: Tab reaches its summary, Enter opens it.
    await page.locator('body').focus();
    const stops = await tabThrough(page, 3);
    expect(stops[0]?.tag).toBe('summary');
    expect(stops[0]?.ring).toBe(true);
    await page.locator('summary').first().focus();
    await page.keyboard.press('Enter');
    expect(await table.isVisible()).toBe(true);
  });
});
