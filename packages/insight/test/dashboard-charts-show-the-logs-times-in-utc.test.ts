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
  document: { querySelectorAll(sel: string): Iterable<Canvas> };
}

// A site's first minute: 1,500 requests from 10:05:00 to 10:05:45 UTC, all in one minute's bucket. A two-digit
// month, so a date label as wide as "11/22/25 10:04am" would be cut at the chart's left edge.
const START = Date.parse('2025-11-22T10:05:00Z');

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
    expect(from).toBeLessThanOrEqual(Date.parse('2025-11-22T10:04:00Z'));
    expect(to).toBeGreaterThanOrEqual(Date.parse('2025-11-22T10:06:00Z'));
    expect(to - from).toBeLessThanOrEqual(3 * 60_000);
    await screenshot(s.page, 'dashboard-charts-one-minute');
  });

  it('pointing at the bucket shows its time in UTC, like the rest of the page', async () => {
    const plot = s.page.locator('[data-chart="requests"] .u-over');
    const box = (await plot.boundingBox())!;
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const time = s.page.locator('[data-chart="requests"] + .u-legend .u-series').first().locator('.u-value');
    await expect.poll(() => time.textContent()).toBe('2025-11-22 10:05Z');
  });

  it('the time axis reads "10:05" with the day written out, not a US date in the browser’s zone', async () => {
    const labels = (await s.page.locator('[data-chart="requests"]').getAttribute('data-x-labels')) ?? '';
    const each = labels.split(' | ');
    expect(each.length).toBeGreaterThan(1);
    expect(each[0]).toMatch(/^10:0\d(:\d\d)? Nov 22, 2025$/);
    for (const label of each.slice(1)) expect(label).toMatch(/^10:0\d(:\d\d)?$/);
  });

  it('no label is cut at a chart’s edges: "1,500" on the left, the last time on the right', async () => {
    const inked = await s.page.evaluate(() =>
      [...(globalThis as unknown as Dom).document.querySelectorAll('.chart canvas')].map((canvas) => {
        const column = (x: number): number => {
          const { data } = canvas.getContext('2d').getImageData(x, 0, 2, canvas.height);
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
          return n;
        };
        return { left: column(0), right: column(canvas.width - 2) };
      }),
    );
    expect(inked.length).toBe(4);
    for (const edges of inked) expect(edges).toEqual({ left: 0, right: 0 });
  });
});
