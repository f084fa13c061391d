import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { launchBrowser, screenshot } from './support/browser.js';

describe('dashboard: a bad filter or incident in the address is explained in the page’s words', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-bad-url-'));
  let d: Dashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 8, visitors: 6 }).records);
    d = await startDashboard({ sources: [dir], port: 0, follow: false });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const errorShown = async (query: string): Promise<string> => {
    await page.goto(`${d.url}${query}`);
    await page.waitForFunction(() => {
      const body = (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } })
        .document.body;
      return body.dataset.state === 'error';
    });
    return (await page.locator('#error').textContent()) ?? '';
  };

  it('an incident reference that is not one says what one looks like (was "No such API.")', async () => {
    const res = await fetch(`${d.url}api/incident/checkout-crash`);
    expect(res.status).toBe(400);
    const text = await errorShown('?incident=checkout-crash');
    expect(text).toContain('"checkout-crash" is not an incident reference');
    expect(text).toContain('E-7K2Q9F');
    await screenshot(page, 'dashboard-bad-incident-reference');
  });

  it('a well-formed reference that is not in the logs says so', async () => {
    expect(await errorShown('?incident=E-ZZZZZZ')).toBe('No incident E-ZZZZZZ in these logs.');
  });

  it('an unknown filter key names the page’s keys (rule among them) and how to remove it, not a --filter option', async () => {
    const text = await errorShown(`?f=${encodeURIComponent('colour=red')}`);
    expect(text).not.toContain('--filter');
    expect(text).toMatch(/^Filter colour=red: unknown key "colour"\. Known keys: .*\brule\b/);
    expect(text).toContain('Remove it with the × on its chip');
    // The chip is there to remove it, and removing it brings the overview back.
    await page.locator('#chips [data-remove="colour=red"]').click();
    await page.waitForFunction(() => {
      const body = (globalThis as unknown as { document: { body: { dataset: Record<string, string> } } })
        .document.body;
      return body.dataset.state === 'ready';
    });
    expect(await page.locator('#error').isVisible()).toBe(false);
  });

  it('a bad status value keeps the report’s explanation', async () => {
    const text = await errorShown(`?view=requests&f=${encodeURIComponent('status=abc')}`);
    expect(text).toContain('Filter status=abc: status must be a code such as 404 or a class such as 5xx.');
  });
});
