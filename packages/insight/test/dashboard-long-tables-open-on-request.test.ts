import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { dashboardSession } from './support/dashboard-session.js';
import { appendLog, requestRecord, type SiteRecord } from './support/site-logs.js';
import { settled, loadCount } from './support/browser.js';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const start = Date.now() - 60_000;

/** Googlebot asking for `count` login-only lecture pages, one request each. */
function crawlerOnLectures(from: number, count: number): SiteRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const r = requestRecord({
      time: start + (from + i) * 100,
      ip: '66.249.66.1',
      ua: GOOGLEBOT,
      path: `/courses/node/lectures/${from + i}`,
      status: 401,
      kind: 'crawler',
    });
    return { ...r, client: { kind: 'crawler', name: 'Googlebot' } };
  });
}

describe('dashboard tables longer than they show', () => {
  const s = dashboardSession({
    name: 'dashboard-long-tables-',
    // bingbot also asks for the first lecture: one page, two crawlers.
    records: () => [
      ...crawlerOnLectures(1, 24),
      {
        ...crawlerOnLectures(1, 1)[0]!,
        request: { ...(crawlerOnLectures(1, 1)[0]!.request as object), ua: 'bingbot/2.0' },
        client: { kind: 'crawler', name: 'bingbot' },
      },
    ],
    dashboard: { follow: true },
  });
  const restricted = (): ReturnType<typeof s.page.locator> =>
    s.page.locator('#panel-crawlers .table-wrap').filter({ hasText: 'login needed' });

  it('shows the first ten restricted pages, and the rest when asked, which stay open as records arrive', async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    const table = restricted();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    // One row per page, the most asked first, with the crawlers that asked.
    const first = await table.locator('tbody tr').first().innerText();
    expect(first).toContain('/courses/node/lectures/1');
    expect(first).toMatch(/bingbot\s+Googlebot/);
    const more = table.getByRole('button', { name: 'Show 14 more' });
    await expect.poll(() => more.count()).toBe(1);

    await more.click();
    await expect.poll(() => restricted().locator('tbody tr').count()).toBe(24);
    expect(await restricted().locator('button.more-rows').count()).toBe(0);
    expect(await restricted().innerText()).toContain('/courses/node/lectures/24');

    // A live refresh re-renders every section; the table a person opened keeps its rows.
    const loads = await loadCount(s.page);
    appendLog(join(s.dir, 'app.jsonl'), crawlerOnLectures(25, 1));
    await settled(s.page, loads + 1);
    await expect.poll(() => restricted().locator('tbody tr').count()).toBe(25);
  });
});
