import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDashboard } from '../src/serve/start-dashboard.js';
import { launchBrowser, settled, loadCount } from './support/browser.js';
import { combinedLine, tempDir } from './helpers/records.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const line = (s: number, path: string, seconds: string): string =>
  combinedLine({ ip: `192.0.2.${s}`, second: s, target: path, status: 200, ua: UA, after: ` ${seconds}` }) +
  '\n';

// An access log records no route: its slow "routes" are its paths with ids folded (/lectures/:n). A click on one
// used to filter by a route no access-log line has, so the dashboard emptied.
describe('a slow path of an access log, clicked in the dashboard', () => {
  it('narrows the dashboard to the requests of that path, whatever their ids', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'access.log'),
      line(1, '/lectures/7', '1.250') + line(2, '/lectures/8', '0.750') + line(3, '/lectures', '0.004'),
    );
    const d = await startDashboard({ sources: [dir], port: 0, follow: false });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(d.url);
      await settled(page);
      const loads = await loadCount(page);
      await page.locator('#panel-slow button.v', { hasText: '/lectures/:n' }).click();
      await settled(page, loads + 1);
      expect(new URL(page.url()).searchParams.getAll('f')).toEqual(['route=/lectures/:n']);
      expect(await page.locator('[data-metric="totals.requests"]').first().textContent()).toBe('2');
      expect(await page.locator('#panel-slow tbody tr td:first-child').allTextContents()).toEqual([
        'GET /lectures/:n',
      ]);
    } finally {
      await browser.close();
      await d.close();
    }
  });
});
