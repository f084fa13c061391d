import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { settled } from './support/browser.js';

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface Node {
  tagName: string;
  closest(selector: string): Node | null;
  contains(other: Node | null): boolean;
  getBoundingClientRect(): Box;
}
interface Dom {
  document: { activeElement: Node | null; elementFromPoint(x: number, y: number): Node | null };
}

/**
 * On a phone the full record opens as a sheet over the lower two thirds of the screen. Tabbing on from it reaches
 * the record rows behind it; a person using the keyboard must still see where the focus is (WCAG 2.2, 2.4.11
 * "Focus not obscured"), so the page scrolls each focused row above the sheet.
 */
describe('the record sheet on a phone (390 × 844) and the keyboard focus', () => {
  const s = dashboardSession({
    name: 'dashboard-sheet-',
    records: () => siteLogs({ seed: 7, visitors: 12 }).records,
    page: (browser) =>
      browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
  });

  /** Where the focus is, and whether what is drawn at its centre is it (not the sheet over it). */
  const focus = (): Promise<{ where: string; seen: boolean }> =>
    s.page.evaluate(() => {
      const doc = (globalThis as unknown as Dom).document;
      const at = doc.activeElement;
      if (!at) return { where: 'nothing', seen: false };
      const where = at.closest('#detail') ? 'sheet' : at.closest('#records') ? 'records' : at.tagName;
      const box = at.getBoundingClientRect();
      const top = doc.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { where, seen: at.contains(top) };
    });

  it('every row the focus reaches past the open sheet, forwards and backwards, is on screen above it', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    const rows = await s.page.locator('#records tr.rec').count();
    expect(rows).toBeGreaterThan(20);
    // Open the fifth record from the keyboard: the focus goes into the sheet.
    await s.page.locator('#records tr.rec').nth(4).focus();
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.locator('#detail').isVisible()).toBe(true);
    expect((await focus()).where).toBe('sheet');

    const behindSheet: string[] = [];
    let visitedRecords = 0;
    for (const key of ['Tab', 'Shift+Tab']) {
      await s.page.locator('#detail-title').focus();
      for (let step = 0; step < 14; step += 1) {
        await s.page.keyboard.press(key);
        const now = await focus();
        if (now.where !== 'records') continue;
        visitedRecords += 1;
        if (!now.seen) behindSheet.push(`${key} ×${step + 1}`);
      }
    }
    expect(visitedRecords).toBeGreaterThan(10);
    expect(behindSheet).toEqual([]);
  });
});
