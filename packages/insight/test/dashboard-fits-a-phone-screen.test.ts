import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs, requestRecord } from './support/site-logs.js';
import { screenshot, settled, linesOf, SCREENSHOTS } from './support/browser.js';

interface Box {
  left: number;
  right: number;
}
interface Element {
  scrollWidth: number;
  clientWidth: number;
  id: string;
  textContent: string | null;
  getBoundingClientRect(): Box;
  querySelector(selector: string): Element | null;
  closest(selector: string): Element | null;
}
interface Dom {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    querySelectorAll(selector: string): ArrayLike<Element>;
  };
  getComputedStyle(element: Element, pseudo?: string): { content: string };
}

const MARKUP = '<img src=x onerror=alert(1)>';
const LONG_PATH = `/search/${'abcdefghij'.repeat(205)}`; // 2 KB with no space to wrap at

describe('dashboard on a phone (390 × 844)', () => {
  const site = siteLogs({ seed: 4, visitors: 20 });
  const s = dashboardSession({
    name: 'dashboard-phone-',
    // The example shop's log and what scanners send: a 2 KB path, a 500-character agent, markup in both.
    records: () => [
      ...site.records,
      requestRecord({
        ip: '192.0.2.66',
        ua: `Mozilla/5.0 ${'x'.repeat(488)}`,
        path: LONG_PATH,
        status: 404,
        kind: 'scanner',
        signals: ['sensitive-file'],
      }),
      requestRecord({ ip: '192.0.2.67', ua: MARKUP, path: `/${MARKUP}`, status: 404, kind: 'unknown' }),
    ],
    page: (browser) =>
      browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }),
  });

  /** How far the page reaches past the screen's right edge. */
  const sideways = (): Promise<number> =>
    s.page.evaluate(() => {
      const root = (globalThis as unknown as Dom).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

  it('the overview fits the screen’s width: panels stack in one column', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    expect(await sideways()).toBe(0);
    await screenshot(s.page, 'dashboard-phone-overview');
  });

  it('no table hides columns off to the right: each row is a card of column names and values', async () => {
    const hidden = await s.page.evaluate(() =>
      Array.from((globalThis as unknown as Dom).document.querySelectorAll('.panel .table-wrap'))
        .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
        .map(
          (wrap) => `${wrap.closest('.panel')?.id ?? '?'}: ${wrap.scrollWidth - wrap.clientWidth} px hidden`,
        ),
    );
    expect(hidden).toEqual([]);
    const labels = await s.page.evaluate(() => {
      const g = globalThis as unknown as Dom;
      return Array.from(g.document.querySelectorAll('#panel-attackers tbody tr:first-child td')).map(
        (td) => g.getComputedStyle(td, '::before').content,
      );
    });
    expect(labels).toEqual([
      '"ip"',
      '"verdict"',
      '"tool"',
      '"rules"',
      '"requests"',
      '"paths"',
      '"user agent"',
    ]);
  });

  it('ticket badges and words are not broken letter by letter to fit', async () => {
    const lines = await linesOf(s.page, '#panel-tickets .badge, #panel-attackers .badge');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((n) => n !== 1)).toEqual([]);
  });

  it('the requests view shows every record’s path on screen, markup as text; an incident fits too', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    expect(await sideways()).toBe(0);
    const offScreen = await s.page.evaluate(() =>
      Array.from((globalThis as unknown as Dom).document.querySelectorAll('#records td.path'))
        .filter((td) => {
          const r = td.getBoundingClientRect();
          return r.left < 0 || r.right > 390;
        })
        .map((td) => (td.textContent ?? '').slice(0, 40)),
    );
    expect(offScreen).toEqual([]);
    expect(
      await s.page
        .locator('#records td.path')
        .filter({ hasText: `/${MARKUP}` })
        .count(),
    ).toBe(1);
    expect(await s.page.locator('#records img').count()).toBe(0);
    await screenshot(s.page, 'dashboard-phone-requests');
    // A tapped record opens where the person is looking, with its Close button on screen.
    await s.page.locator('#records tr.rec').nth(3).click();
    await expect.poll(() => s.page.locator('#detail-json').textContent()).toContain('"request"');
    for (const part of ['#detail h3', '#detail-close']) {
      const box = (await s.page.locator(part).boundingBox())!;
      expect(box.y, part).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, part).toBeLessThanOrEqual(844);
    }
    await s.page.screenshot({ path: `${SCREENSHOTS}/dashboard-phone-record.png` });
    await s.page.locator('#detail-close').click();
    expect(await s.page.locator('#detail').isVisible()).toBe(false);
    await s.page.goto(`${s.dashboard.url}?incident=${site.incidents[0]!.ref}`);
    await settled(s.page);
    expect(await sideways()).toBe(0);
    await screenshot(s.page, 'dashboard-phone-incident');
  });
});
