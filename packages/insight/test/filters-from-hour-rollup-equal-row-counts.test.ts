import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadSources } from '../src/sources/load.js';
import { buildReport, type Report } from '../src/report/build-report.js';
import { hourRollupAnswers } from '../src/report/hour-rollup.js';
import { LiveLogs } from '../src/serve/live-logs.js';
import { series } from '../src/serve/records-query.js';
import type { Filters } from '../src/filters.js';
import { tempDir } from './helpers/records.js';
import { appendLog, requestRecord, siteLogs, writeLog } from './support/site-logs.js';

/** Every key a user sees, except the time it was built and the file list `buildReport` is not given here. */
const comparable = (r: Report): unknown => ({ ...r, generated_at: '', sources: [], skipped: null });

// Filters the dashboard answers from its hour rollup (counts per hour, event, level, kind, status, route, method;
// the route as a route filter reads it: the framework's, else the path with ids folded).
const ROLLUP_FILTERS: Filters[] = [
  {},
  { where: ['status=404'] },
  { where: ['status=5xx'] },
  { where: ['status!=200'] },
  { where: ['client=scanner'] },
  { where: ['client=crawler', 'method=GET'] },
  { where: ['route=/products/:slug'] },
  { where: ['event=user.login'] },
  { where: ['level=ERROR'] },
  { where: ['name=Googlebot'] },
  { where: ['route=/cart', 'status=2xx'] },
  // Requests with no route recorded read as their paths with ids folded; none until the live records.
  { where: ['route=/orders/:n'] },
  // None before the live records; then one whose referer is the only one (not-found's site-host guess).
  { where: ['status=201'] },
];

describe('filters answered from the hour rollup', () => {
  it('give the same report and chart series as counting the filtered records, before and after live records', async () => {
    const dir = tempDir('insight-hour-rollup-');
    const site = siteLogs({ seed: 21, visitors: 40 });
    const file = writeLog(join(dir, 'app.jsonl'), site.records);
    const live = await LiveLogs.open([file], { pollMs: 50 });
    const check = async (loaded: LiveLogs['loaded']): Promise<void> => {
      for (const f of ROLLUP_FILTERS) {
        expect(hourRollupAnswers(f), JSON.stringify(f)).toBe(true);
        const { report, series: counted } = await live.view(f);
        // The same code without the rollups: `logbook report` reads the records themselves.
        const fromRows = await buildReport(loaded, f);
        expect(comparable(report), JSON.stringify(f)).toEqual(comparable(fromRows));
        // Per hour from the rollup; per minute from the records when the matches span three hours or less.
        expect(counted, JSON.stringify(f)).toEqual(await live.query((db) => series(db, f, counted.size)));
        if (Object.keys(f).length === 0) expect(counted.size).toBe('hour');
      }
      // The sections the rollups answer must not be empty: a rollup that lost rows would then pass unnoticed.
      const r404 = await live.report({ where: ['status=404'] });
      expect(r404.totals.requests).toBeGreaterThan(0);
      expect(r404.attackers.length).toBeGreaterThan(0);
      const all = await live.report({});
      expect(all.not_found.site_hosts.length).toBeGreaterThan(0);
      expect(all.users.users).toBeGreaterThan(0);
      expect(all.tickets.length).toBeGreaterThan(0);
    };
    try {
      await check(live.loaded);
      const before = (await live.report({ where: ['status=404'] })).totals.requests;
      const now = Date.now();
      appendLog(file, [
        requestRecord({ time: now - 3_000, ip: '10.9.0.1', ua: 'Firefox', path: '/nope', status: 404 }),
        requestRecord({ time: now - 2_000, ip: '10.9.0.2', ua: 'Safari', path: '/cart', status: 503 }),
        requestRecord({
          time: now - 1_000,
          ip: '10.9.0.3',
          ua: 'curl/8.0',
          path: '/.env',
          status: 404,
          kind: 'scanner',
          signals: ['sensitive-file'],
        }),
        requestRecord({
          time: now - 500,
          ip: '10.9.0.4',
          ua: 'Firefox',
          path: '/signup',
          status: 201,
          referer: 'https://partner.example/offer',
        }),
        requestRecord({ time: now - 400, ip: '10.9.0.5', ua: 'Firefox', path: '/orders/17', status: 200 }),
        requestRecord({ time: now - 300, ip: '10.9.0.5', ua: 'Firefox', path: '/orders/18', status: 404 }),
        // An hour ahead: a bucket the rollup had no row for.
        requestRecord({ time: now + 3_600_000, ip: '10.9.0.1', ua: 'Firefox', path: '/', status: 200 }),
      ]);
      await live.poll();
      expect((await live.report({ where: ['status=404'] })).totals.requests).toBe(before + 3);
      expect((await live.report({ where: ['route=/orders/:n'] })).totals.requests).toBe(2);
      expect((await live.report({ where: ['status=201'] })).not_found.site_hosts).toEqual([
        'partner.example',
      ]);
      // After live records the rollup answers as a fresh load of the whole file does.
      const fresh = await loadSources([file]);
      try {
        await check(fresh);
      } finally {
        fresh.close();
      }
    } finally {
      await live.close();
    }
  });
});
