import { notFoundRows } from './not-found.js';

/**
 * The 404 requests counted per what not-found groups them by (path, referer, human, probe, probing client) and per
 * the columns the hour rollup holds (so the same filters apply). Kept by the dashboard from load on and added to as
 * records arrive (rows may repeat a key: readers sum `n`). A wide filter's not-found section sums it instead of
 * reading every matching 404.
 */
export const notFoundRollupRows = (from: string): string =>
  `SELECT path, referer, human, probe, client, event, level, kind, client_name, status, route, "method", count(*) AS n
   FROM (${notFoundRows(`(SELECT * FROM ${from} WHERE event = 'http.request')`)}) GROUP BY ALL`;

/** A filter's 404s per path, referer, human, probe and client (`n` each), from the rollup. */
export const notFoundCounts = (rollup: { table: string; where: string }): string =>
  `(SELECT path, referer, human, probe, client, n FROM ${rollup.table} WHERE (${rollup.where}))`;
