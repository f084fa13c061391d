import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { launchBrowser, settled } from './support/browser.js';

describe('dashboard status card', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-status-'));
  let d: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 2, visitors: 10 }).records);
    d = await startDashboard({ sources: [dir], port: 0, follow: false });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('shows each class apart from its count ("4xx 12", not "4xx12", which reads as one number)', async () => {
    await page.goto(d.url);
    await settled(page);
    const statuses = page.locator('#cards .status');
    const n = await statuses.count();
    expect(n).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < n; i++) {
      const label = (await statuses.nth(i).locator('button.v').boundingBox())!;
      const count = (await statuses.nth(i).locator('.num').boundingBox())!;
      expect(count.x - (label.x + label.width), await statuses.nth(i).innerText()).toBeGreaterThanOrEqual(3);
    }
  });
});
