import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { settled } from './support/browser.js';

describe('a chart’s legend', () => {
  const s = dashboardSession({
    name: 'dashboard-legend-totals-',
    records: () => siteLogs({ seed: 9 }).records,
  });

  /** The legend of the requests chart as a person reads it: each name with the value beside it. */
  const legend = async (): Promise<Record<string, string>> => {
    const rows = s.page.locator('figure:has([data-chart="requests"]) .u-legend tr.u-series');
    const read: Record<string, string> = {};
    for (const row of await rows.all()) {
      const name = (await row.locator('th').innerText()).replace(/\s*:\s*$/, '').trim();
      read[name] = (await row.locator('td').innerText()).trim();
    }
    return read;
  };
  const card = async (metric: string): Promise<string> =>
    (await s.page.locator(`[data-metric="${metric}"]`).innerText()).trim();

  it('says each line’s total over the shown span while the pointer is elsewhere, as the cards count them', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    // uPlot's own legend said "--" for every line until the pointer was over the chart.
    const idle = await legend();
    expect(idle).toMatchObject({
      Time: 'in all',
      human: await card('clients.humans'),
      crawler: await card('clients.crawlers'),
      scanner: await card('clients.scanners'),
    });
    expect(Number(idle.human!.replaceAll(',', ''))).toBeGreaterThan(0);
  });

  it('says the bucket’s time and counts under the pointer, and the totals again when it leaves', async () => {
    const idle = await legend();
    const plot = s.page.locator('[data-chart="requests"] .u-over');
    const area = (await plot.boundingBox())!;
    await s.page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    await expect.poll(async () => (await legend()).Time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\dZ$/);
    const pointed = await legend();
    // One bucket of a six-hour log holds fewer human requests than the whole log.
    expect(Number(pointed.human!.replaceAll(',', ''))).toBeLessThan(Number(idle.human!.replaceAll(',', '')));

    await s.page.mouse.move(area.x + area.width / 2, area.y + area.height + 200);
    await expect.poll(legend).toEqual(idle);
  });
});
