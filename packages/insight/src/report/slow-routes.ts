import { rows, type Db } from '../db.js';
import { routeOrTemplateSql } from '../path-template.js';
import { num, reqs, type Scope } from './sql-helpers.js';

export interface SlowRoute {
  route: string;
  /**
   * What `route` shows after the method: the route template the framework matched, or the path of requests that
   * recorded none (access logs, node:http) with its ids folded (`/lectures/:n`, see path-template.ts). A `route=`
   * filter matches either, so the dashboard drills down by it.
   */
  by: 'route' | 'path';
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Routes with fewer timed requests than this are listed after the others (see slowRoutes). */
const MIN_COUNT = 5;

/**
 * Latency percentiles per route (the route template when recorded, else the path with ids folded). Slowest p95 first among routes
 * with at least MIN_COUNT timed requests, then the others: on a log grouped by path, one-off requests would otherwise
 * fill the list with the percentiles of a single sample. A 404 with no route is no route of the site (a scanner's
 * `/phpinfo.php`, a mistyped link): one slow probe would otherwise head the list.
 */
export async function slowRoutes(db: Db, scope: Scope, limit = 20): Promise<SlowRoute[]> {
  const found = await rows(
    db,
    `SELECT concat_ws(' ', "method", ${routeOrTemplateSql('route', 'path')}) AS route, count(*)::INT AS count,
      quantile_cont(duration_ms, [0.5, 0.95, 0.99]) AS q, max(duration_ms)::DOUBLE AS max,
      bool_and(route IS NULL) AS by_path
     FROM ${reqs(scope)} WHERE duration_ms IS NOT NULL AND (route IS NOT NULL OR status IS DISTINCT FROM 404) GROUP BY 1
     ORDER BY count(*) >= ${MIN_COUNT} DESC, q[2] DESC, route LIMIT ${limit}`,
  );
  const round = (v: unknown): number => Math.round(num(v) * 10) / 10;
  return found.map((f) => {
    const q = f.q as number[]; // never NULL: only timed requests are grouped
    return {
      route: String(f.route),
      by: f.by_path === true ? 'path' : 'route',
      count: num(f.count),
      p50: round(q[0]),
      p95: round(q[1]),
      p99: round(q[2]),
      max: round(f.max),
    };
  });
}
