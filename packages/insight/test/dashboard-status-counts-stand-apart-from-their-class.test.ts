import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { settled } from './support/browser.js';
import { painted } from '../../../test/support/painted.js';

describe('dashboard status card', () => {
  const s = dashboardSession({
    name: 'dashboard-status-',
    records: () => siteLogs({ seed: 2, visitors: 10 }).records,
  });

  it('shows each class apart from its count ("4xx 12", not "4xx12", which reads as one number)', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    const statuses = s.page.locator('#cards .status');
    const n = await statuses.count();
    expect(n).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < n; i++) {
      const label = (await statuses.nth(i).locator('button.v').boundingBox())!;
      const count = (await statuses.nth(i).locator('.num').boundingBox())!;
      expect(count.x - (label.x + label.width), await statuses.nth(i).innerText()).toBeGreaterThanOrEqual(3);
    }
  });

  it('the orange 4xx count and grey notes read at WCAG AA contrast (4.5:1)', async () => {
    // The orange was 3.1:1 on white; the grey 4.4:1 on the page's background.
    expect((await painted(s.page, '.s4 .num')).contrast).toBeGreaterThanOrEqual(4.5);
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    expect((await painted(s.page, '.requests-head > .muted')).contrast).toBeGreaterThanOrEqual(4.5);
  });
});
