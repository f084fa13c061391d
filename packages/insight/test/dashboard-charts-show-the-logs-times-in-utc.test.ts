import { describe, it, expect, beforeAll } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { requestRecord } from './support/site-logs.js';
import { screenshot, settled } from './support/browser.js';

interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}
interface Dom {
  document: { querySelector(sel: string): Canvas | null };
}

// A site's first minute: 1,500 requests from 10:05:00 to 10:05:45 UTC, all in one minute's bucket.
const START = Date.parse('2025-03-04T10:05:00Z');

describe('dashboard charts on a log from the last minute, read from another time zone', () => {
  const s = dashboardSession({
    name: 'dashboard-charts-',
    records: () =>
      Array.from({ length: 1500 }, (_, i) =>
        requestRecord({
          time: START + i * 30,
          ip: `203.0.113.${i % 200}`,
          ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
          path: `/products/p${i % 40}`,
        }),
      ),
    // A site owner in New York: the page's other times are UTC ("…Z"), so the charts must be too.
    page: async (browser) =>
      (
        await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'America/New_York' })
      ).newPage(),
  });
  beforeAll(async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
  });

  it('the time axis spans minutes around the one bucket, not years', async () => {
    const chart = s.page.locator('[data-chart="requests"]');
    const from = Date.parse((await chart.getAttribute('data-from')) ?? '');
    const to = Date.parse((await chart.getAttribute('data-to')) ?? '');
    expect(from).toBeLessThanOrEqual(Date.parse('2025-03-04T10:04:00Z'));
    expect(to).toBeGreaterThanOrEqual(Date.parse('2025-03-04T10:06:00Z'));
    expect(to - from).toBeLessThanOrEqual(3 * 60_000);
    await screenshot(s.page, 'dashboard-charts-one-minute');
  });

  it('pointing at the bucket shows its time in UTC, like the rest of the page', async () => {
    const plot = s.page.locator('[data-chart="requests"] .u-over');
    const box = (await plot.boundingBox())!;
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const time = s.page.locator('[data-chart="requests"] .u-legend .u-series').first().locator('.u-value');
    await expect.poll(() => time.textContent()).toContain('10:05am');
  });

  it('the count axis has room for "1,500": no label is cut at the chart’s left edge', async () => {
    const inked = await s.page.evaluate(() => {
      const canvas = (globalThis as unknown as Dom).document.querySelector('[data-chart="requests"] canvas')!;
      const { data } = canvas.getContext('2d').getImageData(0, 0, 2, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(inked).toBe(0);
  });
});
