import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { dashboardSession } from './support/dashboard-session.js';
import { appendLog, requestRecord } from './support/site-logs.js';
import { screenshot, settled } from './support/browser.js';

describe('dashboard on logs with no records yet', () => {
  const s = dashboardSession({ name: 'dashboard-empty-', records: () => [], dashboard: { pollMs: 200 } });
  const file = join(s.dir, 'app.jsonl');

  it('says the logs are empty and followed, rather than "nothing here for these filters"', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    expect(await s.page.locator('#records tbody').textContent()).toBe(
      `No records in ${s.dir} yet. This page follows the logs and shows records as they are written.`,
    );
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    const notice = s.page.locator('#notice');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain(`No records in ${s.dir} yet.`);
    await screenshot(s.page, 'dashboard-empty-logs');
  });

  it('says there is nothing to chart instead of drawing four empty frames, and each section says it is empty', async () => {
    expect(await s.page.locator('.chart').count()).toBe(0);
    expect(await s.page.locator('#charts').textContent()).toBe('No records in this period to chart.');
    expect(await s.page.locator('.statuses').textContent()).toBe('statusno requests');
    // No filter is set, so the sections speak of the period, not of filters.
    expect(await s.page.locator('#panel-tickets .empty').textContent()).toBe('No crashes in this period.');
    expect(await s.page.locator('#panel-attackers .empty').textContent()).toBe(
      'No attackers in this period.',
    );
    expect(await s.page.locator('main').textContent()).not.toContain('for these filters');
  });

  it('the notice goes once the first record arrives', async () => {
    await expect.poll(() => s.page.locator('#live-text').textContent()).toBe('live');
    appendLog(file, [requestRecord({ ip: '203.0.113.5', ua: 'Mozilla/5.0 (X11; Linux x86_64)', path: '/' })]);
    await expect
      .poll(() => s.page.locator('[data-metric="totals.requests"]').textContent(), { timeout: 10_000 })
      .toBe('1');
    expect(await s.page.locator('#notice').isVisible()).toBe(false);
  });

  it('with filters that match nothing, the page says so about the filters', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests&f=${encodeURIComponent('status=500')}`);
    await settled(s.page);
    expect(await s.page.locator('#records tbody').textContent()).toBe('No records match these filters.');
    await s.page.goto(`${s.dashboard.url}?f=${encodeURIComponent('status=500')}`);
    await settled(s.page);
    expect(await s.page.locator('#notice').isVisible()).toBe(false);
    expect(await s.page.locator('#panel-tickets .empty').textContent()).toBe('No crashes for these filters.');
  });
});
