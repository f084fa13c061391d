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

/** What each named crawler fetched. */
export async function crawlers(db: Db, scope: Scope, cs: string): Promise<CrawlerActivity[]> {
  const r = `${reqs(scope)} WHERE kind = 'crawler'`;
  const names = await rows(
    db,
    `SELECT coalesce(client_name, 'unnamed') AS name, sum(hits)::INT AS hits, count(DISTINCT (ip, ua))::INT AS clients,
      sum(s2)::INT AS s2, sum(s3)::INT AS s3, sum(s4)::INT AS s4, sum(s5)::INT AS s5
     FROM ${cs} WHERE kind = 'crawler' GROUP BY 1 ORDER BY hits DESC, name`,
  );
  const paths = await rows(
    db,
    `SELECT name, path, hits FROM (
       SELECT coalesce(client_name, 'unnamed') AS name, path, count(*)::INT AS hits,
         row_number() OVER (PARTITION BY coalesce(client_name, 'unnamed') ORDER BY count(*) DESC, path) AS rn
       FROM ${r} GROUP BY 1, 2) WHERE rn <= 5 ORDER BY name, hits DESC, path`,
  );
  return names.map((n) => ({
    name: String(n.name),
    hits: num(n.hits),
    clients: num(n.clients),
    statuses: { '2xx': num(n.s2), '3xx': num(n.s3), '4xx': num(n.s4), '5xx': num(n.s5) },
    top_paths: paths
      .filter((p) => p.name === n.name)
      .map((p) => ({ path: String(p.path), hits: num(p.hits) })),
  }));
}

/** Crawlers reaching pages that need a login, or refused with 401/403: links or the sitemap point where they should not. */
export async function crawlersRestricted(db: Db, scope: Scope): Promise<CrawlerRestricted[]> {
  const found = await rows(
    db,
    `SELECT coalesce(client_name, 'unnamed') AS name, path, any_value(status) AS status,
      bool_or(coalesce(auth_required, FALSE)) AS auth_required, count(*)::INT AS hits, ${iso('max(ts)')} AS last_seen
     FROM ${reqs(scope)} WHERE kind = 'crawler' AND (auth_required OR status IN (401, 403))
     GROUP BY 1, 2 ORDER BY hits DESC, name, path LIMIT 100`,
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
