import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs, type SiteLogs } from './support/site-logs.js';
import { screenshot, settled } from './support/browser.js';
import { painted, paintedIn } from '../../../test/support/painted.js';

/** WCAG AA for body text; a focus ring or a chart line, not text, needs 3:1. */
const AA = 4.5;
/** A dark page: its background's luminance is under this (the light page's is 0.92 and more). */
const DARK = 0.05;

interface Styles {
  document: { querySelector(s: string): unknown };
  getComputedStyle(e: unknown): { borderColor: string; backgroundColor: string };
}

interface Focus {
  document: { activeElement: unknown };
}

/** The colour uPlot gave the legend's marker of a chart's first series: its line's colour. */
function firstSeriesColour(page: Page, chart: string): Promise<string> {
  return page.evaluate((id) => {
    const g = globalThis as unknown as Styles;
    const marker = g.document.querySelector(
      `[data-chart="${id}"] + .u-legend .u-series:nth-child(2) .u-marker`,
    );
    return g.getComputedStyle(marker).borderColor;
  }, chart);
}

/** The strip under a chart's plot where uPlot writes the times: labels on the chart box's own background. */
async function timeLabels(
  page: Page,
  chart: string,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const element = page.locator(`[data-chart="${chart}"] canvas`).first();
  await element.scrollIntoViewIfNeeded();
  const canvas = (await element.boundingBox())!;
  return { x: canvas.x + 50, y: canvas.y + canvas.height - 30, width: canvas.width - 60, height: 24 };
}

describe('the dashboard on a desktop set to dark mode', () => {
  let site: SiteLogs;
  const s = dashboardSession({
    name: 'dashboard-dark-',
    records: () => (site = siteLogs({ seed: 5, visitors: 30 })).records,
  });

  it('is dark, and its text, secondary grey, 4xx count and links read at 4.5:1', async () => {
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    await screenshot(s.page, 'dashboard-dark-desktop');
    const count = await painted(s.page, '#cards .card .num');
    expect(count.background).toBeLessThan(DARK);
    // The page around the cards, not only the cards, is dark.
    const page = await paintedIn(s.page, { x: 0, y: 790, width: 1280, height: 10 });
    expect(page.background).toBeLessThan(DARK);
    for (const selector of [
      '#cards .card .num',
      '#cards .card-label',
      '.s4 .num',
      '#panel-attackers button.v',
    ]) {
      const seen = await painted(s.page, selector);
      expect(seen.background, selector).toBeLessThan(DARK);
      expect(seen.contrast, selector).toBeGreaterThanOrEqual(AA);
    }
  });

  it('draws its charts in colours and with time labels that read on the dark boxes', async () => {
    const charts = s.page.locator('[data-chart]');
    expect(await charts.count()).toBe(4);
    for (const id of ['requests', 'actions', 'errors', 'attacks']) {
      const element = s.page.locator(`[data-chart="${id}"] canvas`).first();
      await element.scrollIntoViewIfNeeded();
      const canvas = (await element.boundingBox())!;
      const drawn = await paintedIn(s.page, canvas);
      expect(drawn.background, id).toBeLessThan(DARK);
      expect(drawn.inked, `${id} is blank`).toBeGreaterThan(0.01);
      // uPlot writes its axes black unless told: on a dark box that is 1.2:1.
      const labels = await paintedIn(s.page, await timeLabels(s.page, id));
      expect(labels.contrast, `${id} time labels`).toBeGreaterThanOrEqual(AA);
    }
  });

  it('redraws the charts in the other scheme’s colours when the desktop switches, light as before', async () => {
    await s.page.emulateMedia({ colorScheme: 'light' });
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    // The light scheme's colours are the ones the dashboard always had.
    expect(await firstSeriesColour(s.page, 'requests')).toBe('rgb(47, 125, 50)');
    const light = await paintedIn(s.page, await timeLabels(s.page, 'requests'));
    expect(light.background).toBeGreaterThan(0.9);

    await s.page.emulateMedia({ colorScheme: 'dark' });
    // Nothing reloads: the page hears the switch and draws its charts again.
    await s.page.waitForFunction(
      () => {
        const g = globalThis as unknown as Styles;
        const marker = g.document.querySelector(
          '[data-chart="requests"] + .u-legend .u-series:nth-child(2) .u-marker',
        );
        return marker !== null && g.getComputedStyle(marker).borderColor !== 'rgb(47, 125, 50)';
      },
      undefined,
      { timeout: 5000 },
    );
    expect(await firstSeriesColour(s.page, 'requests')).toBe('rgb(108, 192, 112)');
    const dark = await paintedIn(s.page, await timeLabels(s.page, 'requests'));
    expect(dark.background).toBeLessThan(DARK);
    expect(dark.contrast).toBeGreaterThanOrEqual(AA);

    await s.page.emulateMedia({ colorScheme: 'light' });
    await s.page.waitForFunction(
      () => {
        const g = globalThis as unknown as Styles;
        const marker = g.document.querySelector(
          '[data-chart="requests"] + .u-legend .u-series:nth-child(2) .u-marker',
        );
        return marker !== null && g.getComputedStyle(marker).borderColor === 'rgb(47, 125, 50)';
      },
      undefined,
      { timeout: 5000 },
    );
    expect((await paintedIn(s.page, await timeLabels(s.page, 'requests'))).background).toBeGreaterThan(0.9);
  });

  it('shows requests with a readable grey, a focus ring that stands out, and level colours on the incident', async () => {
    await s.page.emulateMedia({ colorScheme: 'dark' });
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    const hint = await painted(s.page, '.requests-head > .muted');
    expect(hint.background).toBeLessThan(DARK);
    expect(hint.contrast).toBeGreaterThanOrEqual(AA);

    // A row reached with Tab: its ring must show against the row (3:1, WCAG's figure for what is not text).
    const row = s.page.locator('#records tr.rec:not(.bad)').first();
    await row.locator('button.v').first().focus();
    await s.page.keyboard.press('Shift+Tab');
    expect(await row.evaluate((r) => (globalThis as unknown as Focus).document.activeElement === r)).toBe(
      true,
    );
    const box = (await row.boundingBox())!;
    // The row's first pixels from its left edge: ring and the row's own background, no text (cells are padded).
    const ring = await paintedIn(s.page, { x: box.x, y: box.y + 4, width: 5, height: box.height - 8 });
    expect(ring.inked).toBeGreaterThan(0.2);
    expect(ring.contrast).toBeGreaterThanOrEqual(3);
    await screenshot(s.page, 'dashboard-dark-requests');

    await s.page.goto(`${s.dashboard.url}?incident=${site.incidents[0]!.ref}`);
    await settled(s.page);
    await screenshot(s.page, 'dashboard-dark-incident');
    const level = await painted(s.page, '.lvl-ERROR');
    expect(level.background).toBeLessThan(DARK);
    expect(level.contrast).toBeGreaterThanOrEqual(AA);
  });

  it('on a phone (390 × 844) in dark mode the cards and their labels read too', async () => {
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    await screenshot(s.page, 'dashboard-dark-phone');
    for (const selector of ['#cards .card-label', '.s4 .num']) {
      const seen = await painted(s.page, selector);
      expect(seen.background, selector).toBeLessThan(DARK);
      expect(seen.contrast, selector).toBeGreaterThanOrEqual(AA);
    }
    await s.page.setViewportSize({ width: 1280, height: 800 });
  });
});
