import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { screenshot, settled } from './support/browser.js';

interface Dom {
  document: { activeElement: { tagName: string; className: string; dataset: Record<string, string> } | null };
}

describe('dashboard requests view with the keyboard alone', () => {
  const s = dashboardSession({
    name: 'dashboard-keys-',
    records: () => siteLogs({ seed: 12, visitors: 6 }).records,
  });

  const focused = (): Promise<{ tag: string; cls: string; id: string | undefined } | null> =>
    s.page.evaluate(() => {
      const a = (globalThis as unknown as Dom).document.activeElement;
      return a ? { tag: a.tagName, cls: a.className, id: a.dataset?.id } : null;
    });

  it('Tab reaches a record row and Enter opens its full record, as a click does', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    // From the first row's level value (a filter button), Tab and Shift+Tab move between the row and its values.
    await s.page.locator('#records tr.rec').first().locator('button.v').first().focus();
    await s.page.keyboard.press('Shift+Tab');
    const row = await focused();
    expect(row?.tag).toBe('TR');
    expect(row?.cls).toContain('rec');
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.locator('#detail').isVisible()).toBe(true);
    // The record shown is that row's: it is marked selected, and the detail holds its time.
    await expect.poll(() => s.page.locator('#records tr.selected').getAttribute('data-id')).toBe(row?.id);
    const time = (await s.page.locator('#records tr.selected td.time').textContent())!.replace(' ', 'T');
    const json = JSON.parse((await s.page.locator('#detail-json').textContent()) ?? '{}') as {
      time?: string;
    };
    expect(json.time?.replace(/\.\d+Z$/, 'Z')).toBe(time);
    await screenshot(s.page, 'dashboard-record-from-keyboard');
  });
});
