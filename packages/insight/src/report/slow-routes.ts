import { rows, type Db } from '../db.js';
import { num, reqs, type Scope } from './sql-helpers.js';

export interface SlowRoute {
  route: string;
  /**
   * What `route` shows after the method: the route template the framework matched, or the path of requests that
   * recorded none (access logs, node:http). The dashboard drills down by that filter key.
   */
  by: 'route' | 'path';
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Latency percentiles per route (the route template when recorded, else the path), slowest p95 first. A 404 with
 * no route is no route of the site (a scanner's `/phpinfo.php`, a mistyped link): one slow probe would otherwise
 * head the list.
 */
export async function slowRoutes(db: Db, scope: Scope, limit = 20): Promise<SlowRoute[]> {
  const found = await rows(
    db,
    `SELECT concat_ws(' ', "method", coalesce(route, path)) AS route, count(*)::INT AS count,
      quantile_cont(duration_ms, [0.5, 0.95, 0.99]) AS q, max(duration_ms)::DOUBLE AS max,
      bool_and(route IS NULL) AS by_path
     FROM ${reqs(scope)} WHERE duration_ms IS NOT NULL AND (route IS NOT NULL OR status IS DISTINCT FROM 404) GROUP BY 1 ORDER BY q[2] DESC, route LIMIT ${limit}`,
  );
  const round = (v: unknown): number => Math.round(num(v) * 10) / 10;
  return found.map((f) => {
    const q = (f.q as number[] | null) ?? [0, 0, 0];
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
