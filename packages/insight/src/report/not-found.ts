import { lit, rows, type Db } from '../db.js';
import { hitsAny, num, reqs, type Scope } from './sql-helpers.js';
import { attackRuleIds } from './attackers.js';

export interface NotFound {
  total: number;
  /** Referer hosts treated as the site itself. */
  site_hosts: string[];
  broken_links: { path: string; referer: string; hits: number }[];
  probes: { hits: number; clients: number; top: { path: string; hits: number }[] };
  other: { path: string; hits: number }[];
}

const refHost = `lower(regexp_extract(referer, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1))`;

/**
 * The 404 requests of `from` with what not-found groups them by: path, referer, whether a human asked, whether it
 * was a probe (an attack rule or a scanner), and the probing client (probes only). Its other columns stay.
 */
export const notFoundRows = (from: string): string => {
  const probe = `(coalesce(kind = 'scanner', FALSE) OR ${hitsAny(attackRuleIds())})`;
  return `SELECT *, coalesce(kind = 'human', FALSE) AS human, ${probe} AS probe,
      CASE WHEN ${probe} THEN {'ip': ip, 'ua': coalesce(ua, '')} END AS client
    FROM ${from} WHERE status = 404`;
};

/**
 * 404s split into broken links (a human followed a link from this site's own pages) and probes (attack rules or
 * scanners); the rest are listed apart. Without --site-host the site is taken to be the host that refers most
 * successful human requests, plus any vhost the log names.
 */
export async function notFound(
  db: Db,
  scope: Scope,
  siteHosts: readonly string[] = [],
  tag: string,
  referers?: string,
  counted404?: string,
): Promise<NotFound> {
  const table = `${tag}_404`;
  try {
    return await findNotFound(db, scope, siteHosts, table, referers, counted404);
  } finally {
    await db.conn.run(`DROP TABLE IF EXISTS ${table}_paths`);
  }
}

async function findNotFound(
  db: Db,
  scope: Scope,
  siteHosts: readonly string[],
  table: string,
  refererCounts: string | undefined,
  counted404: string | undefined,
): Promise<NotFound> {
  let hosts = siteHosts.map((h) => h.toLowerCase());
  if (hosts.length === 0) {
    // Count per referer first, so the host is extracted once per distinct referer rather than once per row. As a
    // table of its own: in one statement DuckDB plans the extraction into the scan (0.1 s on 1M lines, vs 25 ms).
    // `refererCounts` (the dashboard's, summed from a rollup) gives the same counts without reading the requests.
    const referers = `${table}_referers`;
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${referers} AS
      ${
        refererCounts ??
        `SELECT referer, count(*) AS n FROM ${reqs(scope)}
         WHERE kind = 'human' AND status // 100 = 2 AND referer IS NOT NULL GROUP BY 1`
      }`);
    const guess = await rows(
      db,
      `SELECT h FROM (SELECT ${refHost} AS h, sum(n) AS n FROM ${referers} GROUP BY 1)
       WHERE h <> '' ORDER BY n DESC, h LIMIT 1`,
    );
    await db.conn.run(`DROP TABLE ${referers}`);
    const vhosts = await rows(
      db,
      `SELECT DISTINCT lower(split_part(vhost, ':', 1)) AS h FROM ${reqs(scope)} WHERE vhost IS NOT NULL ORDER BY h LIMIT 20`,
    );
    hosts = [...new Set([...guess, ...vhosts].map((g) => String(g.h)))];
  }
  const internal = hosts.length > 0 ? `${refHost} IN (${hosts.map(lit).join(', ')})` : 'FALSE';
  // The 404s counted per path, referer, human or not, probe or not, and (for probes only) client: a small table,
  // so the rule test runs once per 404 and the site-host test once per group, in one pass over the requests (or
  // over `counted404`, the same groups summed from the dashboard's rollup). Copying the 404 rows themselves cost
  // more (writing their strings dominates).
  const grouped = `${table}_paths`;
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${grouped} AS
    SELECT path, referer, human, probe, client, ${internal} AS internal, ${counted404 ? 'sum(n)' : 'count(*)'} AS n
    FROM ${counted404 ?? `(${notFoundRows(reqs(scope))})`}
    GROUP BY ALL`);
  const [t] = await rows(
    db,
    `SELECT coalesce(sum(n), 0)::INT AS n, coalesce(sum(n) FILTER (WHERE probe), 0)::INT AS probes,
      count(DISTINCT client) FILTER (WHERE probe)::INT AS clients FROM ${grouped}`,
  );
  const broken = await rows(
    db,
    `SELECT path, referer, sum(n)::INT AS hits FROM ${grouped} WHERE human AND NOT probe AND internal
     GROUP BY 1, 2 ORDER BY hits DESC, path, referer LIMIT 50`,
  );
  const probeTop = await rows(
    db,
    `SELECT path, sum(n)::INT AS hits FROM ${grouped} WHERE probe GROUP BY 1 ORDER BY hits DESC, path LIMIT 10`,
  );
  const other = await rows(
    db,
    `SELECT path, sum(n)::INT AS hits FROM ${grouped} WHERE NOT probe AND NOT (human AND coalesce(internal, FALSE))
     GROUP BY 1 ORDER BY hits DESC, path LIMIT 20`,
  );
  return {
    total: num(t?.n),
    site_hosts: hosts,
    broken_links: broken.map((b) => ({
      path: String(b.path),
      referer: String(b.referer),
      hits: num(b.hits),
    })),
    probes: {
      hits: num(t?.probes),
      clients: num(t?.clients),
      top: probeTop.map((x) => ({ path: String(x.path), hits: num(x.hits) })),
    },
    other: other.map((x) => ({ path: String(x.path), hits: num(x.hits) })),
  };
}
