import { rows, type Db } from '../db.js';
import { iso, num, reqs, type Scope } from './sql-helpers.js';

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
 * The filtered crawler requests counted per crawler name and path, with what the restricted list needs (requests
 * that needed a login or were refused with 401/403: their count, a status, whether any needed a login, the last
 * time). One pass serves both crawler tables. A plain table named by the caller, read by other jobs of the report.
 */
export async function crawlerPaths(db: Db, scope: Scope, table: string): Promise<string> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS
    SELECT coalesce(client_name, 'unnamed') AS name, path, count(*) AS hits,
      count(*) FILTER (WHERE r) AS r_hits, any_value(status) FILTER (WHERE r) AS r_status,
      bool_or(coalesce(auth_required, FALSE)) FILTER (WHERE r) AS r_auth, max(ts) FILTER (WHERE r) AS r_last
    FROM (SELECT client_name, path, status, auth_required, ts, (auth_required OR status IN (401, 403)) AS r
          FROM ${reqs(scope)} WHERE kind = 'crawler')
    GROUP BY 1, 2`);
  return table;
}

/** What each named crawler fetched (`paths` from crawlerPaths). */
export async function crawlers(db: Db, cs: string, paths: string): Promise<CrawlerActivity[]> {
  const names = await rows(
    db,
    `SELECT coalesce(client_name, 'unnamed') AS name, sum(hits)::INT AS hits, count(DISTINCT (ip, ua))::INT AS clients,
      sum(s2)::INT AS s2, sum(s3)::INT AS s3, sum(s4)::INT AS s4, sum(s5)::INT AS s5
     FROM ${cs} WHERE kind = 'crawler' GROUP BY 1 ORDER BY hits DESC, name`,
  );
  const top = await rows(
    db,
    `SELECT name, path, hits FROM (
       SELECT name, path, hits::INT AS hits, row_number() OVER (PARTITION BY name ORDER BY hits DESC, path) AS rn
       FROM ${paths}) WHERE rn <= 5 ORDER BY name, hits DESC, path`,
  );
  return names.map((n) => ({
    name: String(n.name),
    hits: num(n.hits),
    clients: num(n.clients),
    statuses: { '2xx': num(n.s2), '3xx': num(n.s3), '4xx': num(n.s4), '5xx': num(n.s5) },
    top_paths: top.filter((p) => p.name === n.name).map((p) => ({ path: String(p.path), hits: num(p.hits) })),
  }));
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
