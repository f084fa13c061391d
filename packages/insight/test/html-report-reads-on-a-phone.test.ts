import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { cli, tempDir } from './helpers/records.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { siteLogs, requestRecord, writeLog } from './support/site-logs.js';
import { painted } from '../../../test/support/painted.js';

const MARKUP = '<img src=x onerror=alert(1)>';
const LONG_PATH = `/search/${'abcdefghij'.repeat(205)}`; // 2 KB, no space
const LONG_UA = `Mozilla/5.0 ${'x'.repeat(480)} ${MARKUP}`.slice(0, 500);
const RTL = 'مرحبا بالعالم שלום עולם 🎉';

/** The example shop's log with what scanners and odd clients send: 2 KB paths, 500-character agents, markup, RTL. */
function hostileLog(): object[] {
  const now = Date.now();
  return [
    ...siteLogs({ seed: 7, visitors: 20 }).records,
    ...[4000, 3500].map((ago) =>
      requestRecord({
        time: now - ago,
        ip: '192.0.2.66',
        ua: LONG_UA,
        path: LONG_PATH,
        status: 404,
        kind: 'scanner',
        signals: ['sensitive-file'],
      }),
    ),
    ...[3000, 2500].map((ago) =>
      requestRecord({
        time: now - ago,
        ip: '192.0.2.67',
        ua: MARKUP,
        path: `/${MARKUP}`,
        status: 404,
        kind: 'scanner',
        signals: ['sensitive-file'],
      }),
    ),
    requestRecord({
      time: now - 2000,
      ip: '192.0.2.68',
      ua: `Mozilla/5.0 ${RTL}`,
      path: `/${RTL}`,
      status: 200,
    }),
  ];
}

interface Dom {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    body: { innerText: string };
    querySelectorAll(s: string): ArrayLike<unknown>;
  };
  getComputedStyle(e: unknown, pseudo?: string): { content: string; display: string };
}

async function report(records: object[]): Promise<string> {
  const dir = tempDir();
  writeLog(join(dir, 'app.jsonl'), records);
  const file = join(dir, 'report.html');
  const run = await cli(['report', dir, '--html', file]);
  expect(run.code).toBe(0);
  return pathToFileURL(file).href;
}

describe('the HTML report on a phone (390 × 844)', () => {
  let browser: Browser;
  let phone: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const page = (): Promise<{ sideways: number; text: string; images: number }> =>
    phone.evaluate(() => {
      const doc = (globalThis as unknown as Dom).document;
      return {
        sideways: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
        text: doc.body.innerText,
        images: doc.querySelectorAll('img').length,
      };
    });

  it('with 2 KB paths and 500-character user agents, fits the screen: wide tables become labelled cards', async () => {
    await phone.goto(await report(hostileLog()));
    const shown = await page();
    await screenshot(phone, 'html-report-phone');
    expect(shown.sideways).toBe(0);
    // Markup from the logs is shown as the text it is, never drawn.
    expect(shown.text).toContain(MARKUP);
    expect(shown.text).toContain(LONG_PATH.slice(0, 40));
    expect(shown.images).toBe(0);
    // Each attacker's value stands beside its column's name ("user agent", "examples", ...).
    const labels = await phone.$$eval('section:has(h2:text-is("Attackers")) td', (cells) =>
      cells.slice(0, 9).map((td) => (globalThis as unknown as Dom).getComputedStyle(td, '::before').content),
    );
    expect(labels).toContain('"user agent"');
  });

  it('logs with no records say so, section by section, and draw no empty chart', async () => {
    await phone.goto(await report([]));
    const shown = await page();
    await screenshot(phone, 'html-report-phone-empty');
    expect(shown.sideways).toBe(0);
    expect(shown.text).toContain('No records in these logs');
    expect(shown.text).not.toContain('- → -');
    expect(shown.text).toContain('No requests in this period.');
    expect(shown.text).toContain('No crawlers in this period.');
    expect(shown.text).toContain('No crashes in this period.');
    expect(await phone.locator('.bars, svg').count()).toBe(0);
    // The grey "none" sentences still read: WCAG AA's 4.5:1 for body text.
    expect((await painted(phone, '.none')).contrast).toBeGreaterThanOrEqual(4.5);
  });

  it('a single record reads as one request in one minute, not a chart of one bar filling the page', async () => {
    await phone.goto(
      await report([requestRecord({ ip: '203.0.113.5', ua: 'Mozilla/5.0 (X11; Linux x86_64)', path: '/' })]),
    );
    const shown = await page();
    expect(shown.sideways).toBe(0);
    expect(shown.text).toMatch(/\b1 request 1 client 0 server errors\b/);
    expect(shown.text).toMatch(/All requests fall in one minute: \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    expect(await phone.locator('svg').count()).toBe(0);
    await screenshot(phone, 'html-report-phone-single');
  });

  it('a desktop still gets the wide tables as tables', async () => {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await desk.goto(await report(hostileLog()));
    expect(await desk.locator('table.wide:visible thead').first().isVisible()).toBe(true);
    expect(
      await desk.evaluate(() => {
        const root = (globalThis as unknown as Dom).document.documentElement;
        return root.scrollWidth - root.clientWidth;
      }),
    ).toBe(0);
    await desk.close();
  });
});
