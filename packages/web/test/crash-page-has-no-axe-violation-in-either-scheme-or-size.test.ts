import { describe, expect, it } from 'vitest';
import { crashingShop } from './crashing-shop.js';
import {
  expectNoAxeFindings,
  headingProblems,
  headings,
  tabThrough,
} from '../../../test/support/accessibility.js';

describe('the crash page for screen-reader and low-vision visitors (axe-core, WCAG 2.1 A/AA)', () => {
  const shop = crashingShop('db exploded');

  for (const scheme of ['light', 'dark'] as const)
    for (const [size, viewport] of [
      ['phone', { width: 390, height: 844 }],
      ['desktop', { width: 1280, height: 800 }],
    ] as const)
      it(`has no violation, ${scheme} on a ${size}; one h1 in the main landmark; nothing to tab into`, async () => {
        const page = await shop.browser.newPage({ viewport, colorScheme: scheme });
        try {
          const response = await page.goto(`${shop.url}/checkout`);
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
