import type { Db } from '../db.js';
import { reqs, type Scope } from './sql-helpers.js';

/**
 * One row per (ip, user agent, kind, client name, reason for unknown clients) among the filtered requests, with
 * hits, status classes and first/last time. The reason is kept only for `unknown` clients (the automation and
 * tools table shows it), so other kinds do not split into more rows. Counting distinct clients over these rows is far cheaper than over every request, and the
 * overview and crawler sections share it. A plain table named by the caller (one per report), so sections running
 * on other connections of the dashboard's pool read it too.
 */
export async function buildClientSummary(db: Db, scope: Scope, table: string): Promise<string> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS
    SELECT ip, coalesce(ua, '') AS ua, kind, client_name,
      CASE WHEN kind = 'unknown' THEN client_reason END AS reason, count(*) AS hits,
      count(*) FILTER (WHERE status // 100 = 2) AS s2, count(*) FILTER (WHERE status // 100 = 3) AS s3,
      count(*) FILTER (WHERE status // 100 = 4) AS s4, count(*) FILTER (WHERE status // 100 = 5) AS s5,
      count(*) FILTER (WHERE status >= 500) AS errors, min(ts) AS first, max(ts) AS last
    FROM ${reqs(scope)} GROUP BY ALL`);
  return table;
}
