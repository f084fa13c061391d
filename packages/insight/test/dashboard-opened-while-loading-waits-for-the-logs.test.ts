import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { launchBrowser, settled } from './support/browser.js';
import { painted } from '../../../test/support/painted.js';
import { requestRecord, writeLog } from './support/site-logs.js';
import { tempDir } from './helpers/records.js';

/** A port nothing listens on now (the dashboard takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('the dashboard opened while it still reads the logs', () => {
  let browser: Browser | undefined;
  let dashboard: Dashboard | undefined;
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  // Writing, reading and counting 150,000 records and starting a browser take 19 s on a busy machine and a minute
  // beside a CPU hog: vitest's 30 s failed such runs with nothing wrong. Only a failing run waits the 3 minutes.
  it('shows a page that says so and turns into the dashboard by itself; scripts get a JSON 503', async () => {
    // Enough records that reading them takes a while (the port is taken first, then the logs are read).
    const dir = tempDir('dashboard-loading-');
    const start = Date.now() - 3_600_000;
    writeLog(
      join(dir, 'app.jsonl'),
      Array.from({ length: 150_000 }, (_, i) =>
        requestRecord({
          time: start + i * 20,
          ip: `198.51.100.${i % 250}`,
          ua: 'curl/8.5.0',
          path: `/p/${i % 500}`,
        }),
      ),
    );
    const port = await freePort();
    const starting = startDashboard({ sources: [dir], port, follow: false });
    starting.catch(() => undefined);
    const url = `http://127.0.0.1:${port}/`;
    // The first answer, as soon as the port is taken.
    let first: Response | undefined;
    for (let i = 0; i < 200 && first === undefined; i++)
      first = await fetch(url, { headers: { accept: 'text/html' } }).catch(() => undefined);
    expect(first?.status).toBe(503);
    expect(first?.headers.get('content-type')).toContain('text/html');
    const loading = (await first?.text()) ?? '';
    expect(loading).toContain('Logbook is reading the logs');
    const api = await fetch(`${url}api/report`);
    if (api.status === 503)
      expect(((await api.json()) as { error: string }).error).toContain('still reading');

    browser = await launchBrowser();
    // On a dark desktop the waiting page is dark too, like the dashboard it turns into.
    const dark = await browser.newPage({ colorScheme: 'dark' });
    await dark.setContent(loading);
    const heading = await painted(dark, 'h1');
    expect(heading.background).toBeLessThan(0.1);
    expect(heading.contrast).toBeGreaterThanOrEqual(4.5);
    await dark.close();
    const page = await browser.newPage();
    await page.goto(url);
    dashboard = await starting;
    // Reloaded by itself: the dashboard's own page, with the records counted.
    await settled(page);
    expect(await page.locator('#cards').innerText()).toContain('150,000');
  }, 180_000);
});
