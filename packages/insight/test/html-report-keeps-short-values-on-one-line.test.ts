import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { cli, FIXTURE, tempDir } from './helpers/records.js';
import { launchBrowser, screenshot } from './support/browser.js';

/** The browser-side shapes the check below touches (the project type-checks without the DOM library). */
interface Cell {
  textContent: string | null;
  className: string;
  cellIndex: number;
  closest(
    selector: string,
  ): { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } | null;
}
interface Lines {
  document: { createRange(): { selectNodeContents(n: Cell): void; getClientRects(): { length: number } } };
}

describe('the HTML report', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps numbers, times, IP addresses and verdicts on one line next to long paths and user agents', async () => {
    const file = join(tempDir(), 'report.html');
    const run = await cli(['report', FIXTURE, '--html', file]);
    expect(run.code).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(pathToFileURL(file).href);
    // Each short cell's text must lie on a single line box: a wrapped one has two or more.
    const { checked, wrapped } = await page.$$eval('td', (cells) => {
      const short = (cells as unknown as Cell[]).filter((td) => {
        const heads = td.closest('table')?.querySelectorAll('th') ?? [];
        const head = heads[td.cellIndex]?.textContent ?? '';
        return /\bn\b|\bt\b/.test(td.className) || head === 'ip' || head === 'verdict';
      });
      const lines = (td: Cell): number => {
        const range = (globalThis as unknown as Lines).document.createRange();
        range.selectNodeContents(td);
        return range.getClientRects().length;
      };
      return {
        checked: short.length,
        wrapped: short.filter((td) => lines(td) > 1).map((td) => td.textContent),
      };
    });
    await screenshot(page, 'html-report');
    await page.close();
    expect(wrapped).toEqual([]);
    // the fixture's report has crawler counts, status counts and attackers with IPs, verdicts and times
    expect(checked).toBeGreaterThan(100);
  });
});
