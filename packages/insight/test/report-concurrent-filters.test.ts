import { describe, it, expect } from 'vitest';
import { loadSources } from '../src/sources/load.js';
import { buildReport, type Report } from '../src/report/build-report.js';
import { DbPool } from '../src/db-pool.js';
import type { Filters } from '../src/filters.js';
import { FIXTURE } from './helpers/records.js';

const FILTERS: Filters[] = [
  {},
  { where: ['status=404'] },
  { where: ['client=crawler'] },
  { where: ['path=/wp-*'] },
  { where: ['status!=200', 'client=unknown'] },
];

const body = (r: Report): unknown => ({ ...r, generated_at: undefined });

describe('the dashboard builds reports for several filters at once', () => {
  it('gives each filter the same report as building them one after another on one connection', async () => {
    const logs = await loadSources([FIXTURE]);
    const pool = await DbPool.open(logs.instance, 3);
    try {
      const alone: unknown[] = [];
      for (const f of FILTERS) alone.push(body(await buildReport(logs, f)));
      // Every section of every report is its own job on the pool, so the reports' scratch tables meet here.
      const together = await Promise.all(
        FILTERS.map((f) => buildReport(logs, f, { run: (job) => pool.run(job) })),
      );
      expect(together.map(body)).toEqual(alone);
      // The real log has probers and 404s, so the comparison covers the attackers and not-found sections.
      const all = together[0]!;
      expect(all.attackers.length).toBeGreaterThan(0);
      expect(all.not_found.total).toBe(213);
      expect(together[1]!.totals.requests).toBe(213);
      // Nothing of the reports is left behind in the database.
      const left = await logs.conn.runAndReadAll(
        `SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name LIKE 'report_%'`,
      );
      expect(left.getRowObjectsJson()[0]!.n).toBe(0);
    } finally {
      await pool.close();
      logs.close();
    }
  });
});
