import type { Db } from '../db.js';
import { rollupHolds, type Filters } from '../filters.js';
import { hitsAny, reqs, type Scope } from './sql-helpers.js';
import { attackRuleIds } from './attackers.js';

/**
 * One row per (ip, user agent, kind, client name, reason for unknown clients) among the filtered requests, with
 * hits and first/last time. The reason is kept only for `unknown` clients (the automation and tools table shows
 * it), so other kinds do not split into more rows. Counting distinct clients over these rows is far cheaper than
 * over every request (clientStats). Status classes are counted elsewhere (the hour counts, the crawler paths):
 * five more counts per request here cost a fifth of this pass, the longest of the report. A plain table named by
 * the caller (one per report), so sections running on other connections of the dashboard's pool read it too. With
 * a client rollup whose columns the filter can be answered from, it is summed from the rollup instead of the
 * requests.
 */
export async function buildClientSummary(
  db: Db,
  scope: Scope,
  table: string,
  rollup?: { table: string; where: string },
): Promise<string> {
  if (rollup) {
    await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS
      SELECT ip, coalesce(ua, '') AS ua, kind, client_name, reason, sum(hits)::BIGINT AS hits,
        min(first) AS first, max(last) AS last
      FROM ${rollup.table} WHERE ${rollup.where} GROUP BY ALL`);
    return table;
  }
  await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS
    SELECT ip, coalesce(ua, '') AS ua, kind, client_name,
      CASE WHEN kind = 'unknown' THEN client_reason END AS reason, count(*) AS hits, min(ts) AS first, max(ts) AS last
    FROM ${reqs(scope)} GROUP BY ALL`);
  return table;
}

/**
 * The requests counted per client and per the columns common filters test (route, status, method) and whether they
 * hit an attack rule (the attackers section picks its suspects from it), kept by the
 * dashboard from load on and added to as records arrive (rows may repeat a key: readers sum them). A few hundred
 * thousand rows for a million requests, so a filter on these columns sums it instead of reading every request.
 */
export const rollupRows = (from: string): string =>
  `SELECT ip, ua, kind, client_name, CASE WHEN kind = 'unknown' THEN client_reason END AS reason, route, status,
     "method", ${hitsAny(attackRuleIds())} AS attack, count(*) AS hits, min(ts) AS first, max(ts) AS last
   FROM ${from} WHERE event = 'http.request' GROUP BY ALL`;

/** Filter keys whose columns the rollup holds (`client`/`kind`, `name`, `ip`, `ua`, `route`, `status`, `method`). */
const ROLLUP_KEYS = new Set(['client', 'kind', 'name', 'ip', 'ua', 'route', 'status', 'method']);

/** True when the client rollup answers `filters` (see rollupHolds). */
export function rollupAnswers(filters: Filters): boolean {
  return rollupHolds(filters, ROLLUP_KEYS);
}
