import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { launchBrowser, screenshot, settled } from './support/browser.js';

interface Dom {
  document: { activeElement: { tagName: string; className: string; dataset: Record<string, string> } | null };
}

describe('dashboard requests view with the keyboard alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-keys-'));
  let d: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 12, visitors: 6 }).records);
    d = await startDashboard({ sources: [dir], port: 0, follow: false });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const focused = (): Promise<{ tag: string; cls: string; id: string | undefined } | null> =>
    page.evaluate(() => {
      const a = (globalThis as unknown as Dom).document.activeElement;
      return a ? { tag: a.tagName, cls: a.className, id: a.dataset?.id } : null;
    });

  it('Tab reaches a record row and Enter opens its full record, as a click does', async () => {
    await page.goto(`${d.url}?view=requests`);
    await settled(page);
    // From the first row's level value (a filter button), Tab and Shift+Tab move between the row and its values.
    await page.locator('#records tr.rec').first().locator('button.v').first().focus();
    await page.keyboard.press('Shift+Tab');
    const row = await focused();
    expect(row?.tag).toBe('TR');
    expect(row?.cls).toContain('rec');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
    // The record shown is that row's: it is marked selected, and the detail holds its time.
    await expect.poll(() => page.locator('#records tr.selected').getAttribute('data-id')).toBe(row?.id);
    const time = (await page.locator('#records tr.selected td.time').textContent())!.replace(' ', 'T');
    const json = JSON.parse((await page.locator('#detail-json').textContent()) ?? '{}') as { time?: string };
    expect(json.time?.replace(/\.\d+Z$/, 'Z')).toBe(time);
    await screenshot(page, 'dashboard-record-from-keyboard');
  });
});
