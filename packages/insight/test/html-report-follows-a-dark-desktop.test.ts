import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { cli, tempDir } from './helpers/records.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { painted, paintedIn } from '../../../test/support/painted.js';

/** WCAG AA for body text; bars, which are not text, need 3:1. */
const AA = 4.5;
/** A dark page: its background's luminance is under this (white is 1). */
const DARK = 0.05;

interface Dom {
  document: { body: unknown; querySelector(s: string): unknown };
  getComputedStyle(e: unknown): { color: string; backgroundColor: string; fill: string };
}

async function report(records: readonly object[]): Promise<string> {
  const dir = tempDir();
  writeLog(join(dir, 'app.jsonl'), records);
  const file = join(dir, 'report.html');
  const run = await cli(['report', dir, '--html', file]);
  expect(run.code).toBe(0);
  return pathToFileURL(file).href;
}

describe('the HTML report on a desktop set to dark mode', () => {
  let browser: Browser;
  let page: Page;
  let shop: string;
  let empty: string;
  beforeAll(async () => {
    // Ending on the hour, the bars cover 64% of the timeline, and human green more of it than the page does: the
    // page's colour is read beside a drawing, never as the drawing's commonest colour.
    const end = Date.parse('2026-11-20T12:00:00Z');
    [shop, empty] = [await report(siteLogs({ seed: 5, visitors: 30, end }).records), await report([])];
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is dark, with its text, the bars’ labels and the grey "none" sentences at 4.5:1', async () => {
    await page.goto(shop);
    await screenshot(page, 'html-report-dark-desktop');
    // td.n:visible: the timeline's own table is folded away in a <details> until opened.
    for (const selector of ['h1', 'h2', '.kpi', '.bars > span:first-child', '.ends', 'td.n:visible']) {
      const seen = await painted(page, selector);
      expect(seen.background, selector).toBeLessThan(DARK);
      expect(seen.contrast, selector).toBeGreaterThanOrEqual(AA);
    }
    await page.goto(empty);
    const none = await painted(page, '.none');
    expect(none.background).toBeLessThan(DARK);
    expect(none.contrast).toBeGreaterThanOrEqual(AA);
  });

  it('draws its bars and timeline in colours that stand out from the dark page', async () => {
    await page.goto(shop);
    for (const selector of ['.bar.k-human', '.bar.k-crawler', '.bar.k-scanner', '.timeline svg']) {
      const element = page.locator(selector).first();
      await element.scrollIntoViewIfNeeded();
      const box = (await element.boundingBox())!;
      // A bar is all one colour: the strip under it holds the page as well, to measure the one against the other.
      const seen = await paintedIn(page, { x: box.x, y: box.y, width: box.width, height: box.height + 4 });
      expect(seen.inked, selector).toBeGreaterThan(0.02);
      expect(seen.contrast, selector).toBeGreaterThanOrEqual(3);
      // ... and the page they stand on is the dark one: the strip under the middle of each, clear of the times
      // written under the timeline's two ends.
      const middle = { x: box.x + box.width / 4, y: box.y + box.height + 1, width: box.width / 2, height: 2 };
      expect((await paintedIn(page, middle)).background, selector).toBeLessThan(DARK);
    }
  });

  it('on a phone (390 × 844) the column names beside each value read at 4.5:1', async () => {
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      colorScheme: 'dark',
    });
    await phone.goto(shop);
    const cell = phone.locator('table.wide td[data-label]').first();
    await cell.scrollIntoViewIfNeeded();
    const box = (await cell.boundingBox())!;
    await screenshot(phone, 'html-report-dark-phone');
    // The left 8 rem of the card's line is the column's name (::before), in the report's grey.
    const label = await paintedIn(phone, { x: box.x, y: box.y, width: 8 * 14, height: box.height });
    expect(label.background).toBeLessThan(DARK);
    expect(label.contrast).toBeGreaterThanOrEqual(AA);
    await phone.close();
  });

  it('in light mode keeps the colours it always had', async () => {
    const light = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    await light.goto(shop);
    const colours = await light.evaluate(() => {
      const g = globalThis as unknown as Dom;
      const style = (s: string): { color: string; backgroundColor: string; fill: string } =>
        g.getComputedStyle(g.document.querySelector(s));
      return {
        text: style('body').color,
        page: style('body').backgroundColor,
        human: style('.bar.k-human').backgroundColor,
        timeline: style('.timeline rect.k-human').fill,
      };
    });
    expect(colours).toEqual({
      text: 'rgb(34, 34, 34)',
      page: 'rgb(255, 255, 255)',
      human: 'rgb(42, 157, 75)',
      timeline: 'rgb(42, 157, 75)',
    });
    await light.goto(empty);
    expect((await painted(light, '.none')).background).toBeGreaterThan(0.9);
    await light.close();
  });
});
