import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { appendLog, requestRecord, siteLogs } from './support/site-logs.js';
import { settled } from './support/browser.js';
import { focused } from '../../../test/support/accessibility.js';

interface Watch {
  __said?: string[];
  MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void };
  document: {
    getElementById(id: string): { textContent: string | null };
    activeElement: { dataset?: Record<string, string> } | null;
  };
}

/** Starts keeping every text the announcement region is given (what a screen reader would say). */
function watchAnnouncements(): void {
  const g = globalThis as unknown as Watch;
  g.__said = [];
  const region = g.document.getElementById('announce');
  new g.MutationObserver(() => g.__said!.push(region.textContent ?? '')).observe(region, {
    childList: true,
    characterData: true,
    subtree: true,
  });
}

const said = (): string[] => (globalThis as unknown as Watch).__said ?? [];

describe('the live dashboard for keyboard and screen-reader users', () => {
  const s = dashboardSession({
    name: 'dashboard-live-a11y-',
    records: () => siteLogs({ seed: 3, visitors: 8 }).records,
    dashboard: { follow: true, pollMs: 100 },
  });
  const burst = async (batches: number, size: number, first = 0): Promise<void> => {
    for (let b = first; b < first + batches; b++) {
      appendLog(
        join(s.dir, 'app.jsonl'),
        Array.from({ length: size }, (_, i) =>
          requestRecord({ ip: `203.0.113.${b}`, ua: 'curl/8.5.0', path: `/live/${b}/${i}`, kind: 'unknown' }),
        ),
      );
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('a burst of records keeps the focus on its row and is said once, politely, with how many came', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    await expect.poll(() => s.page.locator('#live-text').textContent()).toBe('live');
    const region = s.page.locator('#announce');
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    await s.page.evaluate(watchAnnouncements);

    const row = s.page.locator('#records tr.rec').nth(3);
    const id = await row.getAttribute('data-id');
    await row.focus();
    const total = async (): Promise<number> =>
      Number(
        /[\d,]+/.exec((await s.page.locator('#records-total').textContent()) ?? '')![0].replace(/,/g, ''),
      );
    const shown = await total();
    // Two bursts of three batches of five records, a quarter second apart: the table is drawn anew for each
    // (waiting for the first to show makes that so however busy the machine is, where one burst of six could be
    // drawn at once). After every redraw the row the person was on still has the focus, in its new copy (not the
    // page's start).
    for (const [first, expected] of [
      [0, shown + 15],
      [3, shown + 30],
    ] as const) {
      await burst(3, 5, first);
      await expect.poll(total, { timeout: 10_000 }).toBe(expected);
      await settled(s.page);
      expect(
        await s.page.evaluate(() => (globalThis as unknown as Watch).document.activeElement?.dataset?.id),
      ).toBe(id);
      expect((await focused(s.page))?.tag).toBe('tr');
    }

    // One announcement for the burst, not one per record or per redraw, saying how many arrived.
    await expect.poll(() => s.page.evaluate(said), { timeout: 10_000 }).not.toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    const announced = (await s.page.evaluate(said)).filter((t) => t !== '');
    expect(announced.length).toBeLessThanOrEqual(2);
    const counts = announced.map((t) => Number(/^([\d,]+) new records?/.exec(t)?.[1] ?? NaN));
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30);
    expect(announced.at(-1)).toMatch(/the requests view is up to date\.$/);
  });

  it('new rows fade their tint in, except for a person who asked for less motion', async () => {
    const animation = (): Promise<string> =>
      s.page
        .locator('#records tr.fresh')
        .first()
        .evaluate(
          (r) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { animationName: string } }
            ).getComputedStyle(r).animationName,
        );
    await s.page.emulateMedia({ reducedMotion: 'no-preference' });
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    await expect.poll(() => s.page.locator('#live-text').textContent()).toBe('live');
    await burst(1, 2);
    await expect
      .poll(() => s.page.locator('#records tr.fresh').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await animation()).toBe('fresh');
    await s.page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
  });
});
