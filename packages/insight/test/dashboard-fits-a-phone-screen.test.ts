import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { launchBrowser, screenshot, settled } from './support/browser.js';

interface Rect {
  top: number;
  right: number;
}
interface Dom {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    querySelectorAll(sel: string): ArrayLike<{ getClientRects(): ArrayLike<Rect> }>;
    createRange(): { selectNodeContents(n: unknown): void; getClientRects(): ArrayLike<Rect> };
  };
}

describe('dashboard on a phone (390 × 844)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-phone-'));
  const site = siteLogs({ seed: 4, visitors: 20 });
  let d: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), site.records);
    d = await startDashboard({ sources: [dir], port: 0, follow: false });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  /** How far the page reaches past the screen's right edge (wide tables scroll inside their own box). */
  const sideways = (): Promise<number> =>
    page.evaluate(() => {
      const root = (globalThis as unknown as Dom).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

  it('the overview fits the screen’s width: panels stack in one column', async () => {
    await page.goto(d.url);
    await settled(page);
    expect(await sideways()).toBe(0);
    await screenshot(page, 'dashboard-phone-overview');
  });

  it('ticket badges and words are not broken letter by letter to fit', async () => {
    const lines = await page.evaluate(() => {
      const doc = (globalThis as unknown as Dom).document;
      return Array.from(doc.querySelectorAll('#panel-tickets .badge, #panel-attackers .badge')).map((b) => {
        const range = doc.createRange();
        range.selectNodeContents(b);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      });
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((n) => n !== 1)).toEqual([]);
  });

  it('the requests view and an incident fit the screen’s width', async () => {
    await page.goto(`${d.url}?view=requests`);
    await settled(page);
    expect(await sideways()).toBe(0);
    await page.goto(`${d.url}?incident=${site.incidents[0]!.ref}`);
    await settled(page);
    expect(await sideways()).toBe(0);
    await screenshot(page, 'dashboard-phone-incident');
  });
});
