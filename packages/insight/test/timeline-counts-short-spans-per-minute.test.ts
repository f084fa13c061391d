import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { cli, tempDir, writeJsonl } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';
import { dashboardSession } from './support/dashboard-session.js';
import { requestRecord, type SiteRecord } from './support/site-logs.js';
import { settled } from './support/browser.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const at = (iso: string, n: number): SiteRecord[] =>
  Array.from({ length: n }, (_, i) =>
    requestRecord({ time: Date.parse(iso) + i * 1000, ip: `198.51.100.${i + 1}`, ua: UA, path: '/' }),
  );
/** Twenty minutes of a site's first morning: three requests, then two, then a quiet stretch, then one. */
const firstMinutes = (): SiteRecord[] => [
  ...at('2025-03-04T10:00:10Z', 3),
  ...at('2025-03-04T10:01:30Z', 2),
  ...at('2025-03-04T10:20:00Z', 1),
];

const timeline = (r: Report): [string, string, number][] =>
  r.timeline.map((b) => [b.bucket, b.size, b.human]);

describe('the timeline of a short span', () => {
  it('counts up to three hours per minute, and longer spans per hour', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), firstMinutes());
    const short = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(timeline(short)).toEqual([
      ['2025-03-04T10:00:00.000Z', 'minute', 3],
      ['2025-03-04T10:01:00.000Z', 'minute', 2],
      ['2025-03-04T10:20:00.000Z', 'minute', 1],
    ]);
    await cli(['report', dir, '--html', join(dir, 'report.html')]);
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<h3>Requests per minute (UTC)</h3>');
    // The chart's ends and bars say their minute as the report writes times, not as ISO with milliseconds.
    expect(page).toContain('<span>2025-03-04 10:00</span>');
    expect(page).toContain('<span>2025-03-04 10:20</span>');
    expect(page).toContain('<title>2025-03-04 10:01 human: 2</title>');
    expect(page).not.toContain('T10:00:00.000Z');

    const longer = tempDir();
    writeJsonl(join(longer, 'app.jsonl'), [...firstMinutes(), ...at('2025-03-04T14:00:00Z', 1)]);
    const hours = JSON.parse((await cli(['report', longer, '--json'])).out) as Report;
    expect(timeline(hours)).toEqual([
      ['2025-03-04T10:00:00.000Z', 'hour', 6],
      ['2025-03-04T14:00:00.000Z', 'hour', 1],
    ]);
  });
});

describe('the dashboard charts of a short span', () => {
  const s = dashboardSession({ name: 'dashboard-minutes-', records: firstMinutes });
  beforeAll(async () => {
    await s.page.goto(s.dashboard.url);
    await settled(s.page);
  });

  it('show a quiet minute as none, not a line drawn across it', async () => {
    const plot = s.page.locator('[data-chart="requests"] .u-over');
    const box = (await plot.boundingBox())!;
    // Halfway from 10:00 to 10:20 is 10:10, when nobody came.
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const legend = s.page.locator('[data-chart="requests"] + .u-legend');
    await expect
      .poll(() => legend.locator('.u-series').first().locator('.u-value').textContent())
      .toBe('2025-03-04 10:10Z');
    const human = legend.locator('.u-series', { hasText: 'human' }).locator('.u-value');
    expect(await human.textContent()).toBe('0');
  });
});
