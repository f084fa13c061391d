/**
 * The human, successful requests with a referer counted per referer and per the columns the hour rollup holds
 * (so the same filters apply): what not-found's guess of the site's own host counts. Kept by the dashboard from
 * load on and added to as records arrive (rows may repeat a key: readers sum `n`). Far fewer rows than requests,
 * so a wide filter need not read every matching request's referer.
 */
export const refererRollupRows = (from: string): string =>
  `SELECT referer, event, level, kind, client_name, status, route, "method", count(*) AS n
   FROM ${from}
   WHERE event = 'http.request' AND kind = 'human' AND status // 100 = 2 AND referer IS NOT NULL GROUP BY ALL`;

/** The referers of a filter's human, successful requests and their counts, summed from the rollup. */
export const refererCounts = (rollup: { table: string; where: string }): string =>
  `(SELECT referer, sum(n) AS n FROM ${rollup.table} WHERE (${rollup.where}) GROUP BY 1)`;
