import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { launchBrowser, settled, loadCount } from './support/browser.js';

describe('dashboard incident page: ← Back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-back-'));
  const site = siteLogs({ seed: 13, visitors: 10 });
  let d: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), site.records);
    d = await startDashboard({ sources: [dir], port: 0, follow: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const search = (): Promise<string> =>
    page.evaluate(() => (globalThis as unknown as { location: { search: string } }).location.search);

  it('opened from a shared link (a fresh tab), Back shows the overview with the same filters', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const ref = site.incidents[0]!.ref;
    await page.goto(`${d.url}?f=${encodeURIComponent('client=human')}&incident=${ref}`);
    await settled(page);
    const loads = await loadCount(page);
    await page.locator('#incident-back').click();
    await settled(page, loads + 1);
    expect(await search()).toBe(`?f=${encodeURIComponent('client=human')}`);
    expect(await page.locator('#view-overview').isVisible()).toBe(true);
    await page.close();
  });

  it('opened from the overview, Back returns to that page', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${d.url}?view=requests`);
    await settled(page);
    let loads = await loadCount(page);
    await page.locator('#records [data-incident]').first().click();
    await settled(page, loads + 1);
    expect(await search()).toMatch(/incident=E-/);
    loads = await loadCount(page);
    await page.locator('#incident-back').click();
    await settled(page, loads + 1);
    expect(await search()).toBe('?view=requests');
    await page.close();
  });
});
