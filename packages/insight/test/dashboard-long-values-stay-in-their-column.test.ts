import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs, checkRecord, iso, requestRecord } from './support/site-logs.js';
import { screenshot, settled, linesOf } from './support/browser.js';

/** The DOM the checks below touch; the project type-checks without the DOM library. */
interface Box {
  left: number;
  right: number;
  top: number;
}
interface Node {
  getBoundingClientRect(): Box;
  querySelectorAll(sel: string): ArrayLike<Node>;
  closest(sel: string): Node | null;
  className: string;
  textContent: string | null;
  outerHTML: string;
}
interface Dom {
  document: {
    querySelectorAll(sel: string): ArrayLike<Node>;
    createRange(): { selectNodeContents(n: Node): void; getClientRects(): ArrayLike<Box> };
  };
}

// A scanner's 10 KB path, a 10 KB user agent and a 3,000-character error message: what log viewers get sent.
const LONG_PATH = `/long/${'a'.repeat(10_240)}`;
const LONG_UA = `UA ${'b'.repeat(10_000)}`;
const LONG_ERROR = `Cannot parse ${'z'.repeat(3000)}`;

/** The example site's log, plus a request with a 10 KB path and user agent and an incident with a long error. */
function logWithLongValues(): object[] {
  const site = siteLogs({ seed: 3, visitors: 8 });
  const now = Date.now();
  const long = requestRecord({ time: now, ip: '192.0.2.66', ua: LONG_UA, path: LONG_PATH, status: 404 });
  const crash = checkRecord({
    v: 1,
    host: 'shop-1',
    pid: 4100,
    time: iso(now + 1000),
    level: 'ERROR',
    channel: 'http',
    msg: 'Unhandled error on {path}',
    message: 'Unhandled error on /import',
    event: 'incident',
    error: { name: 'SyntaxError', message: LONG_ERROR, fingerprint: 'fp-long-error' },
    request: {
      id: 'req-long',
      method: 'POST',
      path: LONG_PATH,
      status: 500,
      ip: '192.0.2.67',
      ua: LONG_UA,
    },
    incident: { ref: 'E-LONG01', fingerprint: 'fp-long-error', trail: [], session_trail: [] },
  });
  return [...site.records, long, crash];
}

describe('dashboard: long log values stay inside their column', () => {
  const s = dashboardSession({ name: 'dashboard-long-', records: logWithLongValues });

  /** Every element inside a table cell that reaches past the cell's edges (it would be drawn over its neighbours). */
  const spilling = (): Promise<string[]> =>
    s.page.evaluate(() => {
      const doc = (globalThis as unknown as Dom).document;
      const out: string[] = [];
      for (const td of Array.from(doc.querySelectorAll('td'))) {
        const cell = td.getBoundingClientRect();
        for (const inner of Array.from(td.querySelectorAll('*'))) {
          const r = inner.getBoundingClientRect();
          if (r.right > cell.right + 1 || r.left < cell.left - 1)
            out.push(`${inner.outerHTML.slice(0, 60)} spills ${Math.round(r.right - cell.right)} px`);
        }
      }
      return out;
    });

  it('requests view: the 10 KB path is cut with its full value in the title, and no cell spills', async () => {
    await s.page.goto(`${s.dashboard.url}?view=requests`);
    await settled(s.page);
    expect(await spilling()).toEqual([]);
    const path = s.page.locator('#records td.path button.v').filter({ hasText: '/long/' }).first();
    const shownText = (await path.textContent()) ?? '';
    expect(shownText.length).toBeLessThan(200);
    expect(shownText.endsWith('…')).toBe(true);
    expect(await path.getAttribute('title')).toBe(`only path = ${LONG_PATH}`);
    // The user agent is cut to one line by the browser; hovering it shows all of it.
    const ua = s.page.locator('#records td.ua [title]').filter({ hasText: 'UA bbb' }).first();
    expect(await ua.getAttribute('title')).toBe(LONG_UA);
    await screenshot(s.page, 'dashboard-long-values-requests');
  });

  it('requests view: every time reads on one line', async () => {
    const lines = await linesOf(s.page, '#records td.time');
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.filter((n) => n !== 1)).toEqual([]);
  });

  it('overview: the 3,000-character error is cut with the full message in its title; no cell spills', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    expect(await spilling()).toEqual([]);
    const err = s.page.locator('#panel-tickets tr[data-fingerprint="fp-long-error"] .err [title]');
    expect(((await err.textContent()) ?? '').length).toBeLessThan(200);
    expect(await err.getAttribute('title')).toContain(LONG_ERROR);
    // The restricted pages' last-seen times are not broken into pieces either.
    const lastSeen = await s.page.evaluate(() => {
      const doc = (globalThis as unknown as Dom).document;
      const tables = doc.querySelectorAll('#panel-crawlers table');
      const rows = Array.from(tables[1]!.querySelectorAll('tbody tr'));
      return rows.map((tr) => {
        const cells = tr.querySelectorAll('td');
        const range = doc.createRange();
        range.selectNodeContents(cells[cells.length - 1]!);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      });
    });
    expect(lastSeen.length).toBeGreaterThan(0);
    expect(lastSeen.filter((n) => n !== 1)).toEqual([]);
    await screenshot(s.page, 'dashboard-long-values-overview');
  });

  /** How far the page reaches past the window's right edge. */
  const sideways = (): Promise<number> =>
    s.page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });

  /** Request and user fields on the incident page drawn past their panel's right edge, over the next panel. */
  const outOfPanel = (): Promise<string[]> =>
    s.page.evaluate(() => {
      const doc = (globalThis as unknown as Dom).document;
      return Array.from(doc.querySelectorAll('#incident .kv dd')).flatMap((dd) => {
        const panel = dd.closest('.panel')!.getBoundingClientRect();
        const r = dd.getBoundingClientRect();
        return r.right > panel.right
          ? [`${(dd.textContent ?? '').slice(0, 40)} ${Math.round(r.right - panel.right)} px`]
          : [];
      });
    });

  it('incident page: the whole 3,000-character message wraps inside the page (it scrolled 20,000 px sideways)', async () => {
    await s.page.goto(`${s.dashboard.url}?incident=E-LONG01`);
    await settled(s.page);
    expect(await s.page.locator('#incident .chain').textContent()).toContain(LONG_ERROR);
    expect(await sideways()).toBe(0);
  });

  it('incident page: the 10 KB path and user agent stay inside the Request panel, on a desktop and a phone', async () => {
    // They were drawn over the "User and client" panel beside it, and widened a phone's page to 1,307 px.
    expect(await outOfPanel()).toEqual([]);
    await screenshot(s.page, 'dashboard-long-values-incident');
    await s.page.setViewportSize({ width: 390, height: 844 });
    expect(await sideways()).toBe(0);
    expect(await outOfPanel()).toEqual([]);
    await s.page.setViewportSize({ width: 1280, height: 800 });
  });
});
