import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { appendLog, requestRecord, siteLogs } from './support/site-logs.js';
import { loadCount, screenshot, settled } from './support/browser.js';
import { expectNoAxeFindings, focused } from '../../../test/support/accessibility.js';

interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    fillStyle: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}
interface Dom {
  document: {
    querySelector(selector: string): (Canvas & { style: { borderColor: string } }) | null;
    createElement(tag: 'canvas'): Canvas;
  };
}

/**
 * How many pixels of a chart's drawing have the colour of one of its lines (read from that line's legend marker):
 * what a person sees of the line. Its translucent fill blends with the panel, so it does not count.
 */
const linePixels = (page: Page, chart: string, line: string): Promise<number> =>
  page.evaluate(
    ([c, l]) => {
      const doc = (globalThis as unknown as Dom).document;
      const marker = doc.querySelector(`button.line-toggle[data-legend="${c}"][data-line="${l}"] .u-marker`);
      const canvas = doc.querySelector(`[data-chart="${c}"] canvas`);
      if (!marker || !canvas) throw new Error(`no chart ${c} with a line ${l}`);
      // The marker's colour as the canvas stores it: drawn once on a scratch canvas and read back.
      const scratch = doc.createElement('canvas');
      const pen = scratch.getContext('2d');
      pen.fillStyle = marker.style.borderColor;
      pen.fillRect(0, 0, 1, 1);
      const [r, g, b] = Array.from(pen.getImageData(0, 0, 1, 1).data);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const near =
          Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) <= 12 &&
          data[i + 3]! > 200;
        if (near) n += 1;
      }
      return n;
    },
    [chart, line] as const,
  );

describe('a chart line hidden or shown from its legend, with the keyboard', () => {
  const s = dashboardSession({
    name: 'dashboard-lines-',
    records: () => siteLogs({ seed: 5, visitors: 16 }).records,
    dashboard: { follow: true, pollMs: 100 },
  });
  const line = (name: string): ReturnType<typeof s.page.locator> =>
    s.page.locator(`#charts button.line-toggle[data-legend="requests"][data-line="${name}"]`);
  /** Waits until a screen reader would hear the line's button as pressed (line drawn) or not. */
  const heardAs = (name: string, pressed: boolean): Promise<void> =>
    expect
      .poll(() => s.page.locator('#charts').getByRole('button', { name, exact: true, pressed }).count())
      .toBe(1);

  it('each line’s name is a toggle button: Enter hides the line, Space draws it again', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    // Every line of every chart has its button, named by the line and pressed while the line is drawn.
    const names = await s.page.locator('#charts button.line-toggle').allTextContents();
    expect(names).toEqual(
      expect.arrayContaining(['human', 'crawler', 'scanner', 'errors', 'attack requests']),
    );
    await heardAs('human', true);
    expect(await linePixels(s.page, 'requests', 'human')).toBeGreaterThan(20);

    await line('human').focus();
    await s.page.keyboard.press('Enter');
    await heardAs('human', false);
    await expect.poll(() => linePixels(s.page, 'requests', 'human')).toBe(0);
    // Only that line went (the others are drawn anew to the new scale); the focus stayed on its button, ringed.
    expect(await linePixels(s.page, 'requests', 'crawler')).toBeGreaterThan(20);
    expect(await focused(s.page)).toMatchObject({ tag: 'button', name: 'human', ring: true });
    // The hidden line's name stays readable (uPlot alone fades it to 30%), and the legend passes axe.
    await expectNoAxeFindings(s.page, 'the overview with a chart line hidden');
    await screenshot(s.page, 'dashboard-chart-line-hidden');

    await s.page.keyboard.press(' ');
    await heardAs('human', true);
    await expect.poll(() => linePixels(s.page, 'requests', 'human')).toBeGreaterThan(20);
  });

  it('a hidden line stays hidden through a live update, and the focus stays on its button', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    await line('scanner').focus();
    await s.page.keyboard.press('Enter');
    await expect.poll(() => linePixels(s.page, 'requests', 'scanner')).toBe(0);
    const loads = await loadCount(s.page);
    appendLog(
      join(s.dir, 'app.jsonl'),
      Array.from({ length: 5 }, (_, i) =>
        requestRecord({ ip: '203.0.113.9', ua: 'curl/8.5.0', path: `/live/${i}`, kind: 'human' }),
      ),
    );
    await settled(s.page, loads + 1);
    await heardAs('scanner', false);
    expect(await linePixels(s.page, 'requests', 'scanner')).toBe(0);
    expect(await linePixels(s.page, 'requests', 'human')).toBeGreaterThan(20);
    expect(await focused(s.page)).toMatchObject({ tag: 'button', name: 'scanner' });
  });
});
