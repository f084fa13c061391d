import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { hostileSite } from './support/hostile-site.js';
import type { SiteLogs } from './support/site-logs.js';
import { settled } from './support/browser.js';
import { expectNoAxeFindings, headingProblems, headings } from '../../../test/support/accessibility.js';

const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

describe('the dashboard for screen-reader, keyboard and low-vision users (axe-core, WCAG 2.1 A/AA)', () => {
  let site: SiteLogs;
  const s = dashboardSession({
    name: 'dashboard-axe-',
    records: () => {
      const made = hostileSite();
      site = made.site;
      return made.records;
    },
  });

  for (const scheme of ['light', 'dark'] as const)
    for (const [size, viewport] of Object.entries(SIZES))
      it(
        `no violation in any view, ${scheme} on a ${size}, with hostile log text`,
        { timeout: 120_000 },
        async () => {
          await s.page.setViewportSize(viewport);
          await s.page.emulateMedia({ colorScheme: scheme });
          const where = (view: string): string => `the dashboard's ${view} (${scheme}, ${size})`;

          await s.page.goto(s.dashboard.url);
          await settled(s.page);
          await expectNoAxeFindings(s.page, where('overview'));

          await s.page.goto(`${s.dashboard.url}?f=${encodeURIComponent('status=404')}&f=client%3Dunknown`);
          await settled(s.page);
          await expectNoAxeFindings(s.page, where('overview with two filters'));

          await s.page.goto(`${s.dashboard.url}?view=requests`);
          await settled(s.page);
          await expectNoAxeFindings(s.page, where('requests view'));
          // The full record of the hostile row, opened beside (desktop) or over (phone) the table.
          await s.page.locator('#records tr.rec td.time').first().click();
          await s.page.locator('#detail:not([hidden])').waitFor();
          await expectNoAxeFindings(s.page, where('requests view with a record open'));

          await s.page.goto(`${s.dashboard.url}?incident=${site.incidents[0]!.ref}`);
          await settled(s.page);
          await expectNoAxeFindings(s.page, where('incident view'));

          // A reference that names no incident: the page says so in its alert.
          await s.page.goto(`${s.dashboard.url}?incident=E-NOSUCH`);
          await s.page.locator('#error:not([hidden])').waitFor();
          await expectNoAxeFindings(s.page, where('error alert'));
        },
      );

  it('has one h1, headings that skip no level, the language set, and named landmarks and tables', async () => {
    await s.page.setViewportSize(SIZES.desktop);
    for (const query of ['', '?view=requests', `?incident=${site.incidents[0]!.ref}`]) {
      await s.page.goto(`${s.dashboard.url}${query}`);
      await settled(s.page);
      expect(headingProblems(await headings(s.page)), query || 'overview').toEqual([]);
      expect(await s.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await s.page.locator('main').count()).toBe(1);
      expect(await s.page.getByRole('navigation', { name: 'Views' }).count()).toBe(1);
      // Every table shown has header cells and a name a screen reader lists it by.
      // uPlot's legend is a table too, for layout only (role presentation): its line names are buttons.
      const tables = await s.page.locator('table:visible:not([role="presentation"])').evaluateAll((ts) =>
        ts.map((t) => {
          const table = t as unknown as {
            querySelector(s: string): { textContent: string | null } | null;
            querySelectorAll(s: string): ArrayLike<unknown>;
          };
          return {
            caption: (table.querySelector('caption')?.textContent ?? '').trim(),
            headers: table.querySelectorAll('thead th').length,
          };
        }),
      );
      expect(tables.length, query).toBeGreaterThan(0);
      for (const t of tables) {
        expect(t.caption, query).not.toBe('');
        expect(t.headers, `${t.caption} header cells`).toBeGreaterThan(0);
      }
    }
    // The view is in the tab's title, which a screen reader reads when the view changes.
    expect(await s.page.title()).toBe(`Incident ${site.incidents[0]!.ref} · Logbook dashboard`);
  });

  it('says in words what each chart draws: its span and each series’ total and busiest time', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    const texts = await s.page.locator('[data-chart-text]').allTextContents();
    expect(texts).toHaveLength(4);
    // The requests chart's totals are the overview's: the sum of the kinds is every request.
    const requests = texts[0]!;
    expect(requests).toMatch(
      /^Requests by client kind, per (minute|hour|day), 2026-\d\d-\d\d \d\d:\d\dZ to /,
    );
    const totals = [...requests.matchAll(/(human|crawler|scanner|unknown): ([\d,]+) in all/g)].map((m) =>
      Number(m[2]!.replace(/,/g, '')),
    );
    const shown = Number(
      (await s.page.locator('[data-metric="totals.requests"]').textContent())!.replace(/,/g, ''),
    );
    expect(totals.reduce((a, b) => a + b, 0)).toBe(shown);
    expect(requests).toMatch(/most [\d,]+ at 2026-\d\d-\d\d \d\d:\d\dZ/);
    // The canvas and the legend's values under the pointer are hidden from screen readers, which hear the
    // sentence instead.
    expect(await s.page.locator('[data-chart]').first().getAttribute('aria-hidden')).toBe('true');
    expect(await s.page.locator('.u-legend td').count()).toBeGreaterThan(0);
    expect(
      await s.page.locator('.u-legend td:not([aria-hidden="true"] *, [aria-hidden="true"])').count(),
    ).toBe(0);
  });

  it('tells the charts’ lines apart by their dash as well as their colour', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    // uPlot draws a dashed series' legend marker with a dashed border.
    const styles = await s.page
      .locator('[data-chart="requests"] + .u-legend .u-series .u-marker')
      .evaluateAll((ms) =>
        ms.map(
          (m) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { borderStyle: string } }
            ).getComputedStyle(m).borderStyle,
        ),
      );
    expect(new Set(styles.slice(1)).size).toBeGreaterThan(1);
  });
});
