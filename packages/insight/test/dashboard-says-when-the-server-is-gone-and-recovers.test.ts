import { describe, it, expect } from 'vitest';
import { createServer } from 'node:http';
import { startDashboard } from '../src/serve/start-dashboard.js';
import { dashboardSession } from './support/dashboard-session.js';
import { siteLogs } from './support/site-logs.js';
import { screenshot, settled, loadCount } from './support/browser.js';

describe('dashboard while its server stops and starts again', () => {
  const s = dashboardSession({
    name: 'dashboard-restart-',
    records: () => siteLogs({ seed: 6, visitors: 10 }).records,
    dashboard: { pollMs: 200 },
  });

  /** Opens the page, sees it live, stops the server and sees the page say so; the port the server had. */
  async function liveThenStopped(): Promise<number> {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
    await expect.poll(() => s.page.locator('#live-text').textContent()).toBe('live');
    const port = s.dashboard.port;
    await s.dashboard.close();
    await expect.poll(() => s.page.locator('#live-text').textContent()).toBe('reconnecting…');
    return port;
  }

  it('says the server cannot be reached (not "Failed to fetch"), and reloads by itself when it is back', async () => {
    const port = await liveThenStopped();

    // The owner clicks a value while the server is down.
    await s.page.locator('button.v[data-k="client"]').first().click();
    const error = s.page.locator('#error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(
      /Cannot reach the dashboard server: is `logbook serve` still running\?/,
    );
    await screenshot(s.page, 'dashboard-server-gone');

    const before = await loadCount(s.page);
    s.dashboard = await startDashboard({ sources: [s.dir], port, pollMs: 200 });
    // The event stream reconnects (it retries every 2 s) and the page loads the view it was asked for.
    await expect.poll(() => s.page.locator('#live-text').textContent(), { timeout: 15_000 }).toBe('live');
    await settled(s.page, before + 1);
    expect(await error.isVisible()).toBe(false);
    expect(await s.page.locator('#chips .chip').count()).toBe(1);
    expect(await s.page.locator('[data-metric="totals.requests"]').textContent()).toMatch(/^[1-9][\d,]*$/);
  });

  it('goes live again when the restarted server first answers "still reading the logs" (503)', async () => {
    const port = await liveThenStopped();
    // A restarted server answers 503 until its logs are loaded. The browser gives up an event stream answered so:
    // the page then said "reconnecting…" for good. Here the 503 is held until the page has had one, as a long
    // load of the logs would hold it.
    let refused = 0;
    const loading = createServer((req, res) => {
      if (req.url === '/api/events') refused++;
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(JSON.stringify({ error: 'The dashboard is still reading the logs; try again in a moment.' }));
    });
    await new Promise<void>((done) => loading.listen(port, '127.0.0.1', done));
    try {
      await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((done) => loading.close(() => done()));
    }
    s.dashboard = await startDashboard({ sources: [s.dir], port, pollMs: 200 });
    await expect.poll(() => s.page.locator('#live-text').textContent(), { timeout: 15_000 }).toBe('live');
  });
});
