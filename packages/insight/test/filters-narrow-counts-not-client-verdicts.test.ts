import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { loadSources } from '../src/sources/load.js';
import { buildReport, type Report } from '../src/report/build-report.js';
import { LiveLogs } from '../src/serve/live-logs.js';
import { FIXTURE, tempDir } from './helpers/records.js';
import { appendLog, requestRecord, writeLog } from './support/site-logs.js';
import { series } from '../src/serve/records-query.js';

const clientKey = (a: { ip: string; ua: string | null }): string => `${a.ip} ${a.ua ?? ''}`;

describe('a filter narrows which requests are counted, not what a client is', () => {
  it('gives each attacker of a filtered report the verdict and tool of the unfiltered one, with filtered counts', async () => {
    const live = await LiveLogs.open([FIXTURE], { follow: false });
    try {
      const all = await live.report({});
      // Replayed over these rows alone, three of the WordPress probers would get another verdict or tool.
      const filtered = await live.report({ where: ['path=/wp-*'] });
      const whole = new Map(all.attackers.map((a) => [clientKey(a), a]));
      expect(filtered.attackers.length).toBeGreaterThan(0);
      let narrowed = 0;
      for (const a of filtered.attackers) {
        const same = whole.get(clientKey(a));
        expect(same, clientKey(a)).toBeDefined();
        expect({ verdict: a.verdict, tool: a.tool }).toEqual({ verdict: same!.verdict, tool: same!.tool });
        expect(a.requests).toBeLessThanOrEqual(same!.requests);
        if (a.requests < same!.requests) narrowed++;
      }
      // The probers also asked for other paths, which the filtered report does not count.
      expect(narrowed).toBeGreaterThan(0);
      // `logbook report --filter` (no dashboard) gives the same verdicts.
      const cli = await buildReport(live.loaded, { where: ['path=/wp-*'] });
      expect(cli.attackers).toEqual(filtered.attackers);
      // The dashboard's chart series, counted from the report's filtered rows, equals the series counted on its own.
      for (const f of [{}, { where: ['path=/wp-*'] }, { where: ['status=404'] }]) {
        const { series: counted } = await live.view(f);
        expect(counted.buckets.length).toBeGreaterThan(0);
        expect(counted).toEqual(await live.query((db) => series(db, f, 'hour')));
      }
    } finally {
      await live.close();
    }
  });

  it('answers filters from its client rollup with the records that arrived live, as a fresh load does', async () => {
    const dir = tempDir('insight-rollup-');
    const file = writeLog(join(dir, 'app.jsonl'), [
      requestRecord({ time: Date.now() - 60_000, ip: '10.0.0.1', ua: 'Firefox', path: '/', status: 200 }),
      requestRecord({ time: Date.now() - 50_000, ip: '10.0.0.2', ua: 'Firefox', path: '/gone', status: 404 }),
    ]);
    const live = await LiveLogs.open([file], { pollMs: 50 });
    const filters = { where: ['status=404'] };
    try {
      expect((await live.report(filters)).totals).toMatchObject({ requests: 1, clients: 1 });
      appendLog(file, [
        requestRecord({ time: Date.now() - 40_000, ip: '10.0.0.3', ua: 'Safari', path: '/old', status: 404 }),
        requestRecord({ time: Date.now() - 30_000, ip: '10.0.0.2', ua: 'Firefox', path: '/x', status: 404 }),
      ]);
      await live.poll();
      const after = await live.report(filters);
      expect(after.totals).toMatchObject({ requests: 3, clients: 2 });
      const fresh = await loadSources([file]);
      try {
        const pick = (r: Report): unknown => ({ totals: r.totals, clients: r.clients, span: r.span });
        expect(pick(after)).toEqual(pick(await buildReport(fresh, filters)));
      } finally {
        fresh.close();
      }
    } finally {
      await live.close();
    }
  });
});
