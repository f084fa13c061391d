import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { launchBrowser, screenshot, settled, loadCount } from './support/browser.js';

describe('dashboard while its server stops and starts again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-restart-'));
  let d: Dashboard | undefined;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 6, visitors: 10 }).records);
    d = await startDashboard({ sources: [dir], port: 0, pollMs: 200 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('says the server cannot be reached (not "Failed to fetch"), and reloads by itself when it is back', async () => {
    await page.goto(d!.url);
    await settled(page);
    await expect.poll(() => page.locator('#live-text').textContent()).toBe('live');
    const port = d!.port;
    await d!.close();
    d = undefined;
    await expect.poll(() => page.locator('#live-text').textContent()).toBe('reconnecting…');

    // The owner clicks a value while the server is down.
    await page.locator('button.v[data-k="client"]').first().click();
    const error = page.locator('#error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(
      /Cannot reach the dashboard server: is `logbook serve` still running\?/,
    );
    await screenshot(page, 'dashboard-server-gone');

    const before = await loadCount(page);
    d = await startDashboard({ sources: [dir], port, pollMs: 200 });
    // The event stream reconnects (it retries every 2 s) and the page loads the view it was asked for.
    await expect.poll(() => page.locator('#live-text').textContent(), { timeout: 15_000 }).toBe('live');
    await settled(page, before + 1);
    expect(await error.isVisible()).toBe(false);
    expect(await page.locator('#chips .chip').count()).toBe(1);
    expect(await page.locator('[data-metric="totals.requests"]').textContent()).toMatch(/^[1-9][\d,]*$/);
  });
});
