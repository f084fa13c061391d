import { rows, type Db } from '../db.js';
import { iso, num, reqs, type Scope } from './sql-helpers.js';
import type { CrawlerName } from './client-stats.js';

export interface CrawlerActivity {
  name: string;
  hits: number;
  clients: number;
  statuses: Record<string, number>;
  top_paths: { path: string; hits: number }[];
}
export interface CrawlerRestricted {
  name: string;
  path: string;
  status: number | null;
  auth_required: boolean;
  hits: number;
  last_seen: string;
}

/**
 * The filtered crawler requests counted per crawler name and path and per status class, with what the restricted
 * list needs (requests that needed a login or were refused with 401/403: their count, a status, whether any needed
 * a login, the last time). One pass serves both crawler tables. A plain table named by the caller, read by other jobs of the report.
 */
export async function crawlerPaths(db: Db, scope: Scope, table: string): Promise<string> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS
    SELECT coalesce(client_name, 'unnamed') AS name, path, count(*) AS hits,
      count(*) FILTER (WHERE c = 2) AS s2, count(*) FILTER (WHERE c = 3) AS s3, count(*) FILTER (WHERE c = 4) AS s4,
      count(*) FILTER (WHERE c = 5) AS s5, count(*) FILTER (WHERE r) AS r_hits, any_value(status) FILTER (WHERE r) AS r_status,
      bool_or(coalesce(auth_required, FALSE)) FILTER (WHERE r) AS r_auth, max(ts) FILTER (WHERE r) AS r_last
    FROM (SELECT client_name, path, status, status // 100 AS c, auth_required, ts,
            (auth_required OR status IN (401, 403)) AS r
          FROM ${reqs(scope)} WHERE kind = 'crawler')
    GROUP BY 1, 2`);
  return table;
}

/**
 * What each named crawler fetched: names, requests and clients from clientStats (in its order), requests per
 * status class and the top paths from `paths` (crawlerPaths).
 */
export async function crawlers(db: Db, names: CrawlerName[], paths: string): Promise<CrawlerActivity[]> {
  const top = await rows(
    db,
    `SELECT name, path, hits, rn, s2, s3, s4, s5 FROM (
       SELECT name, path, hits::INT AS hits, row_number() OVER (PARTITION BY name ORDER BY hits DESC, path) AS rn,
         (sum(s2) OVER w)::INT AS s2, (sum(s3) OVER w)::INT AS s3, (sum(s4) OVER w)::INT AS s4, (sum(s5) OVER w)::INT AS s5
       FROM ${paths} WINDOW w AS (PARTITION BY name)) WHERE rn <= 5 ORDER BY name, hits DESC, path`,
  );
  return names.map((n) => {
    const mine = top.filter((p) => p.name === n.name);
    const s = mine[0];
    return {
      name: n.name,
      hits: n.hits,
      clients: n.clients,
      statuses: { '2xx': num(s?.s2), '3xx': num(s?.s3), '4xx': num(s?.s4), '5xx': num(s?.s5) },
      top_paths: mine.map((p) => ({ path: String(p.path), hits: num(p.hits) })),
    };
  });
}

/** Crawlers reaching pages that need a login, or refused with 401/403: links or the sitemap point where they should not. */
export async function crawlersRestricted(db: Db, paths: string): Promise<CrawlerRestricted[]> {
  const found = await rows(
    db,
    `SELECT name, path, r_status AS status, r_auth AS auth_required, r_hits::INT AS hits, ${iso('r_last')} AS last_seen
     FROM ${paths} WHERE r_hits > 0 ORDER BY hits DESC, name, path LIMIT 100`,
  );
  return found.map((f) => ({
    name: String(f.name),
    path: String(f.path),
    status: typeof f.status === 'number' ? f.status : null,
    auth_required: f.auth_required === true,
    hits: num(f.hits),
    last_seen: String(f.last_seen),
  }));
}
