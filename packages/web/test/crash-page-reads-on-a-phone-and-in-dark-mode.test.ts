import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { crashingShop } from './crashing-shop.js';
import { painted } from '../../../test/support/painted.js';

/** Screenshots land here (gitignored), for a person to look at after a run. */
const SCREENSHOTS = fileURLToPath(new URL('../../../.artifacts/screenshots', import.meta.url));

// The longest request id the middleware keeps from a proxy's X-Request-Id: 128 characters, no space to wrap at.
const LONG_ID = `${'a'.repeat(40)}-${'b'.repeat(87)}`;

interface Dom {
  document: { documentElement: { scrollWidth: number; clientWidth: number }; body: { innerText: string } };
}

describe('the crash page in a visitor’s browser', () => {
  const shop = crashingShop('db exploded in /srv/app/db.js');
  beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  async function open(scheme: 'light' | 'dark', width: number, height: number): Promise<Page> {
    const page = await shop.browser.newPage({
      viewport: { width, height },
      isMobile: width < 500,
      colorScheme: scheme,
      extraHTTPHeaders: { 'x-request-id': LONG_ID },
    });
    const response = await page.goto(`${shop.url}/checkout`);
    expect(response?.status()).toBe(500);
    return page;
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`on a phone in ${scheme} mode: fits the screen, reads clearly, shows the reference and nothing internal`, async () => {
      const page = await open(scheme, 390, 844);
      const layout = await page.evaluate(() => {
        const doc = (globalThis as unknown as Dom).document;
        return {
          sideways: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
          text: doc.body.innerText,
        };
      });
      await page.screenshot({ path: join(SCREENSHOTS, `crash-page-phone-${scheme}.png`), fullPage: true });
      expect(layout.sideways).toBe(0);
      expect(layout.text).toMatch(/please quote this reference: E-[0-9A-Z]{6}/);
      expect(layout.text).toContain(LONG_ID);
      expect(layout.text).not.toMatch(/exploded|\/srv\/|db\.js|at /);
      // A visitor in dark mode gets a dark page, not a white glare, and text that reads on it: WCAG AA asks
      // 4.5:1 for body text, the small request id line and the reference's box included.
      const heading = await painted(page, 'h1');
      if (scheme === 'dark') expect(heading.background).toBeLessThan(0.05);
      else expect(heading.background).toBeGreaterThan(0.9);
      for (const part of [heading, await painted(page, 'small'), await painted(page, 'code')])
        expect(part.contrast).toBeGreaterThanOrEqual(4.5);
      await page.close();
    });
  }

  it('on a desktop the page has a title, a language and a viewport for phones', async () => {
    const page = await open('light', 1280, 800);
    expect(await page.title()).toBe('Something went wrong');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).toContain('width=device-width');
    await page.screenshot({ path: join(SCREENSHOTS, 'crash-page-desktop.png') });
    await page.close();
  });
});
