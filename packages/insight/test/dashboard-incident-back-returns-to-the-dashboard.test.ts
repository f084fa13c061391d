import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { settled, loadCount } from './support/browser.js';

describe('dashboard incident page: ← Back', () => {
  const site = siteLogs({ seed: 13, visitors: 10 });
  const s = dashboardSession({ name: 'dashboard-back-', records: () => site.records });

  const search = (): Promise<string> =>
    s.page.evaluate(() => (globalThis as unknown as { location: { search: string } }).location.search);

  it('opened from a shared link (a fresh tab), Back shows the overview with the same filters', async () => {
    s.page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const ref = site.incidents[0]!.ref;
    await s.page.goto(`${s.dashboard.url}?f=${encodeURIComponent('client=human')}&incident=${ref}`);
    await settled(s.page);
    const loads = await loadCount(s.page);
    await s.page.locator('#incident-back').click();
    await settled(s.page, loads + 1);
    expect(await search()).toBe(`?f=${encodeURIComponent('client=human')}`);
    expect(await s.page.locator('#view-overview').isVisible()).toBe(true);
    await s.page.close();
  });

  it('opened from the overview, Back returns to that page', async () => {
    s.page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    let loads = await loadCount(s.page);
    await s.page.locator('#records [data-incident]').first().click();
    await settled(s.page, loads + 1);
    expect(await search()).toMatch(/incident=E-/);
    loads = await loadCount(s.page);
    await s.page.locator('#incident-back').click();
    await settled(s.page, loads + 1);
    expect(await search()).toBe('?view=requests');
    await s.page.close();
  });
});
