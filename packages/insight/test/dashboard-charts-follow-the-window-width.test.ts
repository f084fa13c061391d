import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { screenshot, settled } from './support/browser.js';

interface Box {
  left: number;
  top: number;
  width: number;
}
interface Dom {
  document: {
    querySelectorAll(selector: string): ArrayLike<{
      getBoundingClientRect(): Box;
      clientWidth: number;
      querySelector(selector: string): { getBoundingClientRect(): Box } | null;
    }>;
  };
}

/** Where each chart's box stands, and how wide the chart drawn in it is against the room the box gives it. */
interface ChartPlace {
  left: number;
  top: number;
  drawn: number;
  room: number;
}

describe('the overview charts as the window grows and shrinks', () => {
  const s = dashboardSession({
    name: 'dashboard-chart-widths-',
    records: () => siteLogs({ seed: 3 }).records,
  });

  const places = (): Promise<ChartPlace[]> =>
    s.page.evaluate(() =>
      Array.from((globalThis as unknown as Dom).document.querySelectorAll('#charts .chart')).map((holder) => {
        const box = holder.getBoundingClientRect();
        return {
          left: Math.round(box.left),
          top: Math.round(box.top),
          drawn: Math.round(holder.querySelector('.uplot')?.getBoundingClientRect().width ?? 0),
          room: holder.clientWidth,
        };
      }),
    );
  const rows = (ps: ChartPlace[]): number => new Set(ps.map((p) => p.top)).size;
  const columns = (ps: ChartPlace[]): number => new Set(ps.map((p) => p.left)).size;
  /** Waits until every chart is drawn as wide as its box, give or take a pixel of rounding. */
  const chartsFillTheirBoxes = (): Promise<void> =>
    expect
      .poll(async () => (await places()).map((p) => Math.abs(p.drawn - p.room) <= 1), { timeout: 10_000 })
      .toEqual([true, true, true, true]);

  it('stand two by two on a laptop, in one row on a wide screen and one under another on a phone', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    // Four charts in three columns left the fourth alone under the first, beside an empty space.
    let now = await places();
    expect([rows(now), columns(now)]).toEqual([2, 2]);
    await chartsFillTheirBoxes();

    await s.page.setViewportSize({ width: 1600, height: 900 });
    await chartsFillTheirBoxes();
    now = await places();
    expect([rows(now), columns(now)]).toEqual([1, 4]);

    await s.page.setViewportSize({ width: 390, height: 800 });
    await chartsFillTheirBoxes();
    now = await places();
    expect([rows(now), columns(now)]).toEqual([4, 1]);
    await screenshot(s.page, 'dashboard-charts-on-a-phone-after-a-desktop');
  });

  it('are drawn anew at their box’s width when the window changes, neither cut off nor left narrow', async () => {
    // Drawn once at 1280 pixels, the charts kept that width: at 900 they ran past their boxes and were cut.
    await s.page.setViewportSize({ width: 1280, height: 800 });
    await chartsFillTheirBoxes();
    const wide = (await places())[0]!.drawn;
    await s.page.setViewportSize({ width: 900, height: 800 });
    await chartsFillTheirBoxes();
    expect((await places())[0]!.drawn).toBeLessThan(wide);
    await s.page.setViewportSize({ width: 1400, height: 800 });
    await chartsFillTheirBoxes();
    expect((await places())[0]!.drawn).toBeGreaterThan(wide);
  });
});
