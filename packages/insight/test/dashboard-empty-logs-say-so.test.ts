import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { appendLog, requestRecord } from './support/site-logs.js';
import { launchBrowser, screenshot, settled } from './support/browser.js';

describe('dashboard on logs with no records yet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-empty-'));
  const file = join(dir, 'app.jsonl');
  let d: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeFileSync(file, '');
    d = await startDashboard({ sources: [dir], port: 0, pollMs: 200 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('says the logs are empty and followed, rather than "nothing here for these filters"', async () => {
    await page.goto(`${d.url}?view=requests`);
    await settled(page);
    expect(await page.locator('#records tbody').textContent()).toBe(
      `No records in ${dir} yet. This page follows the logs and shows records as they are written.`,
    );
    await page.goto(d.url);
    await settled(page);
    const notice = page.locator('#notice');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain(`No records in ${dir} yet.`);
    await screenshot(page, 'dashboard-empty-logs');
  });

  it('the notice goes once the first record arrives', async () => {
    await expect.poll(() => page.locator('#live-text').textContent()).toBe('live');
    appendLog(file, [requestRecord({ ip: '203.0.113.5', ua: 'Mozilla/5.0 (X11; Linux x86_64)', path: '/' })]);
    await expect
      .poll(() => page.locator('[data-metric="totals.requests"]').textContent(), { timeout: 10_000 })
      .toBe('1');
    expect(await page.locator('#notice').isVisible()).toBe(false);
  });

  it('with filters that match nothing, the page says so about the filters', async () => {
    await page.goto(`${d.url}?view=requests&f=${encodeURIComponent('status=500')}`);
    await settled(page);
    expect(await page.locator('#records tbody').textContent()).toBe('No records match these filters.');
    await page.goto(`${d.url}?f=${encodeURIComponent('status=500')}`);
    await settled(page);
    expect(await page.locator('#notice').isVisible()).toBe(false);
  });
});
