import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { screenshot, settled, linesOf } from './support/browser.js';

interface Dom {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

describe('dashboard on a phone (390 × 844)', () => {
  const site = siteLogs({ seed: 4, visitors: 20 });
  const s = dashboardSession({
    name: 'dashboard-phone-',
    records: () => site.records,
    page: (browser) =>
      browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
  });

  /** How far the page reaches past the screen's right edge (wide tables scroll inside their own box). */
  const sideways = (): Promise<number> =>
    s.page.evaluate(() => {
      const root = (globalThis as unknown as Dom).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

  it('the overview fits the screen’s width: panels stack in one column', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    expect(await sideways()).toBe(0);
    await screenshot(s.page, 'dashboard-phone-overview');
  });

  it('ticket badges and words are not broken letter by letter to fit', async () => {
    const lines = await linesOf(s.page, '#panel-tickets .badge, #panel-attackers .badge');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((n) => n !== 1)).toEqual([]);
  });

  it('the requests view and an incident fit the screen’s width', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    expect(await sideways()).toBe(0);
    await s.page.goto(`${s.dashboard.url}?incident=${site.incidents[0]!.ref}`);
    await settled(s.page);
    expect(await sideways()).toBe(0);
    await screenshot(s.page, 'dashboard-phone-incident');
  });
});
