import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { Level, TestHandler } from 'logbook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebLogbook, type WebLogbook } from '../src/index.js';
import { runningSite, type RunningSite } from './behaviour.js';
import { launchChromium } from '../../../test/support/chromium.js';
import {
  expectNoAxeFindings,
  headingProblems,
  headings,
  tabThrough,
} from '../../../test/support/accessibility.js';

describe('the crash page for screen-reader and low-vision visitors (axe-core, WCAG 2.1 A/AA)', () => {
  let handler: TestHandler;
  let logbook: WebLogbook;
  let site: RunningSite;
  let browser: Browser;

  beforeAll(async () => {
    handler = new TestHandler({ level: Level.INFO }).pushApplication();
    logbook = createWebLogbook({ app: { name: 'shop', version: '1.0.0', env: 'test' } });
    const server = createServer(
      logbook.node(() => {
        throw new Error('db exploded');
      }),
    ).listen(0, '127.0.0.1');
    site = await runningSite(server, logbook);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    logbook?.close();
    handler?.popApplication();
  });

  for (const scheme of ['light', 'dark'] as const)
    for (const [size, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const)
      it(`has no violation, ${scheme} on a ${size}; one h1 in the main landmark; nothing to tab into`, async () => {
        const page = await browser.newPage({ viewport, colorScheme: scheme });
        try {
          const response = await page.goto(`${site.url}/checkout`);
          expect(response?.status()).toBe(500);
          await expectNoAxeFindings(page, `the crash page (${scheme}, ${size})`);
          expect(headingProblems(await headings(page))).toEqual([]);
          expect(await page.locator('main').count()).toBe(1);
          expect(await page.locator('main').innerText()).toMatch(/quote this reference: E-[0-9A-Z]{6}/);
          // The page has no control: Tab finds nothing to stop on (and no trap).
          expect((await tabThrough(page, 2)).filter((f) => f !== null)).toEqual([]);
        } finally {
          await page.close();
        }
      });
});
