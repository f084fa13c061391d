import { rows, text, type Db } from '../db.js';
import { iso, num, str } from './sql-helpers.js';

export interface KindStats {
  hits: number;
  clients: number;
}
/** A kind's figures in the report: with how many of its clients the attackers section lists. */
export interface KindFigures extends KindStats {
  /**
   * Clients of this kind (by user agent) that are in `attackers[]`: a WordPress prober that claims to be Firefox
   * counts among the humans' clients here, and this says how many of those are not people.
   */
  attackers: number;
}
export interface CrawlerName {
  name: string;
  hits: number;
  clients: number;
}
/** An unknown client by name (automation, HTTP tool, empty or unrecognised user agent) with the classifier's reason. */
export interface UnknownName extends CrawlerName {
  /** `client.reason` as recorded or classified, e.g. `automation: headless browser`; null when none was recorded. */
  reason: string | null;
}
/** What the overview and the crawler section read of the per-client summary. */
export interface ClientStats {
  requests: number;
  clients: number;
  /** First and last request (ISO) and the milliseconds between them; undefined without requests. */
  first?: string;
  last?: string;
  spanMs: number;
  /** By kind (a request without one counts as `unknown`). */
  kinds: Record<string, KindStats>;
  /** Crawlers by name, most requests first. */
  crawlers: CrawlerName[];
  /** Unknown clients by name and reason, most requests first. */
  unknown: UnknownName[];
}

/** The grouping sets below, as `grouping_id(kind, name, reason)` numbers them. */
const ALL = 7;
const BY_KIND = 3;
const BY_NAME = 1;
const BY_REASON = 0;

/**
 * Every figure read from the per-client summary `cs` (buildClientSummary): totals, per kind, per crawler name, per
 * unknown name and reason. A client is an (ip, user agent) pair; the summary has one row per client and kind, name
 * and reason, so a client recorded in more than one way has several rows. When no client has (the usual case, told
 * by as many distinct hashes of (ip, ua) as rows: equal pairs hash equal), a row is a client, and the rows are
 * summed per kind, name and reason first (a few hundred groups) and then in grouping sets. Otherwise the clients are
 * counted distinct, exactly, among the rows of clients with several. Counting distinct over every row cost four
 * times the rest of the overview.
 */
export async function clientStats(db: Db, cs: string): Promise<ClientStats> {
  const [check] = await rows(db, `SELECT count(*) = count(DISTINCT hash(ip, ua)) AS one_row_each FROM ${cs}`);
  // A request the loader could not classify (one recorded without a path or a client) has no kind: it is unknown.
  const keyed = `SELECT ip, ua, coalesce(kind, 'unknown') AS kind, coalesce(client_name, 'unnamed') AS name, reason,
    hits, first, last FROM ${cs}`;
  // Rows of a client with a single row each stand for a client of their own (no other row has that pair).
  const from =
    check?.one_row_each === true
      ? `(SELECT kind, name, reason, sum(hits) AS hits, count(*) AS clients, min(first) AS first, max(last) AS last
          FROM (${keyed}) GROUP BY ALL)`
      : `(SELECT ip, ua, kind, name, reason, hits, first, last, count(*) OVER (PARTITION BY ip, ua) = 1 AS single
          FROM (${keyed}))`;
  const clients =
    check?.one_row_each === true
      ? 'sum(clients)'
      : 'count(*) FILTER (WHERE single) + count(DISTINCT (ip, ua)) FILTER (WHERE NOT single)';
  const found = await rows(
    db,
    `SELECT grouping_id(kind, name, reason)::INT AS gid, kind, name, reason, coalesce(sum(hits), 0)::INT AS hits,
      coalesce(${clients}, 0)::INT AS clients, ${iso('min(first)')} AS first, ${iso('max(last)')} AS last,
      epoch_ms(max(last)) - epoch_ms(min(first)) AS span_ms
     FROM ${from}
     GROUP BY GROUPING SETS ((), (kind), (kind, name), (kind, name, reason))
     HAVING grouping_id(kind, name, reason) IN (${ALL}, ${BY_KIND})
       OR (grouping_id(kind, name, reason) = ${BY_NAME} AND kind = 'crawler')
       OR (grouping_id(kind, name, reason) = ${BY_REASON} AND kind = 'unknown')
     ORDER BY gid DESC, hits DESC, name, reason NULLS LAST`,
  );
  const out: ClientStats = { requests: 0, clients: 0, spanMs: 0, kinds: {}, crawlers: [], unknown: [] };
  for (const f of found) {
    const gid = num(f.gid);
    const base = { hits: num(f.hits), clients: num(f.clients) };
    if (gid === ALL) {
      out.requests = base.hits;
      out.clients = base.clients;
      const first = str(f.first);
      const last = str(f.last);
      if (first !== undefined) out.first = first;
      if (last !== undefined) out.last = last;
      out.spanMs = num(f.span_ms);
    } else if (gid === BY_KIND) out.kinds[text(f.kind)] = base;
    else if (gid === BY_NAME) out.crawlers.push({ name: String(f.name), ...base });
    else out.unknown.push({ name: String(f.name), reason: str(f.reason) ?? null, ...base });
  }
  return out;
}
