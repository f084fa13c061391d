import type { Db } from '../db.js';
import { reqs } from './sql-helpers.js';

/** The per-report temp table that client-level sections read instead of scanning every request again. */
export const CLIENT_SUMMARY = 'report_clients';

/**
 * One row per (ip, user agent, kind, client name, reason for unknown clients) among the filtered requests, with
 * hits, status classes and first/last time. The reason is kept only for `unknown` clients (the automation and
 * tools table shows it), so other kinds do not split into more rows. Counting distinct clients over these rows is far cheaper than over every request, and the
 * overview and crawler sections share it. A temp table, so each connection (the dashboard's pool) has its own.
 */
export async function buildClientSummary(db: Db, where: string): Promise<string> {
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${CLIENT_SUMMARY} AS
    SELECT ip, coalesce(ua, '') AS ua, kind, client_name,
      CASE WHEN kind = 'unknown' THEN client_reason END AS reason, count(*) AS hits,
      count(*) FILTER (WHERE status // 100 = 2) AS s2, count(*) FILTER (WHERE status // 100 = 3) AS s3,
      count(*) FILTER (WHERE status // 100 = 4) AS s4, count(*) FILTER (WHERE status // 100 = 5) AS s5,
      count(*) FILTER (WHERE status >= 500) AS errors, min(ts) AS first, max(ts) AS last
    FROM ${reqs(where)} GROUP BY ALL`);
  return CLIENT_SUMMARY;
}
