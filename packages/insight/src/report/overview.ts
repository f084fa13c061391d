import { rows, type Db, type Row } from '../db.js';
import { iso, num, sumWhere } from './sql-helpers.js';
import type { Counted } from './hour-rollup.js';
import type { ClientStats, CrawlerName, KindFigures, KindStats, UnknownName } from './client-stats.js';
import type { Attacker } from './attackers.js';
import { bucketSize, type BucketSize } from './time-buckets.js';

export interface Overview {
  span: { from?: string; to?: string };
  totals: { requests: number; clients: number; records: number; errors: number; error_records: number };
  status: Record<string, number>;
  clients: {
    humans: KindStats;
    crawlers: KindStats & { by_name: CrawlerName[] };
    scanners: KindStats;
    unknown: KindStats & { by_name: UnknownName[] };
  };
  timeline: {
    bucket: string;
    size: BucketSize;
    human: number;
    crawler: number;
    scanner: number;
    unknown: number;
  }[];
}

/**
 * The records of `counted` (the filtered records, or the hour rollup's rows standing for them) counted per hour
 * (per minute when `perMinute`: see time-buckets.ts) and what the timeline, status classes and record counts tell
 * apart, into a plain table named by the caller (a few thousand rows; other connections of the report read it). It
 * needs no client figures, so it runs while the client summary is built; the overview then sums it per bucket.
 * Grouping by time first and then in grouping sets over the small table costs about half of grouping sets over the
 * records.
 */
export async function countByTime(
  db: Db,
  counted: Counted,
  table: string,
  perMinute: boolean,
): Promise<string> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${table} AS
    SELECT date_trunc('${perMinute ? 'minute' : 'hour'}', ts) AS b, req, err, kind, c, sum(n) AS n
    FROM (SELECT ts, n, event = 'http.request' AS req, level IN ('ERROR', 'CRITICAL') AS err,
            CASE WHEN event = 'http.request' THEN coalesce(kind, 'unknown') END AS kind,
            CASE WHEN event = 'http.request' THEN (status // 100)::INT END AS c
          FROM ${counted.rows})
    GROUP BY ALL`);
  return table;
}

/** Two of the grouping sets of the overview's query, as `grouping_id(b, c)` numbers them (1 is per time bucket). */
const ALL = 3;
const BY_CLASS = 2;

/**
 * Time span, totals, client kinds, status classes and the requests-over-time series: clients from `stats` (of the
 * per-client summary), record counts from the table `timeCounts` (countByTime, per minute when `perMinute`).
 */
export async function overview(
  db: Db,
  stats: ClientStats,
  timeCounts: string,
  perMinute: boolean,
): Promise<Overview> {
  const size = bucketSize(stats.spanMs, perMinute);
  // The timeline, the status classes and the record and error counts in one pass over the time counts (grouping
  // sets, numbered by grouping_id(b, c): 1 per time bucket, 2 per status class, 3 all records). A request is an
  // error at status 500 or more: class 5 or more.
  const found = await rows(
    db,
    `SELECT grouping_id(b, c)::INT AS gid, ${iso('b')} AS bucket, c, coalesce(sum(n), 0)::INT AS n,
      ${sumWhere('err')} AS error_records, ${sumWhere('req')} AS requests, ${sumWhere('c >= 5')} AS errors,
      ${sumWhere("req AND kind = 'human'")} AS human, ${sumWhere("req AND kind = 'crawler'")} AS crawler,
      ${sumWhere("req AND kind = 'scanner'")} AS scanner, ${sumWhere("req AND kind = 'unknown'")} AS unknown
     FROM (SELECT date_trunc('${size}', b) AS b, req, err, kind, c, n FROM ${timeCounts})
     GROUP BY GROUPING SETS ((b), (c), ()) ORDER BY gid, b, c`,
  );
  const status: Record<string, number> = {};
  const timeline: Row[] = [];
  let all: Row | undefined;
  for (const f of found) {
    const gid = num(f.gid);
    if (gid === ALL) all = f;
    // The records that are no request share the class NULL: they have no status to show.
    else if (gid === BY_CLASS) {
      if (f.c !== null) status[`${num(f.c)}xx`] = num(f.n);
    }
    // A time with records but no request has nothing to chart.
    else if (num(f.requests) > 0) timeline.push(f);
  }
  const zero = { hits: 0, clients: 0 };
  const span: Overview['span'] = {};
  if (stats.first !== undefined) span.from = stats.first;
  if (stats.last !== undefined) span.to = stats.last;
  const kinds = stats.kinds;
  return {
    span,
    totals: {
      requests: stats.requests,
      clients: stats.clients,
      records: num(all?.n),
      errors: num(all?.errors),
      error_records: num(all?.error_records),
    },
    status,
    clients: {
      humans: kinds.human ?? zero,
      crawlers: {
        ...(kinds.crawler ?? zero),
        by_name: stats.crawlers,
      },
      scanners: kinds.scanner ?? zero,
      unknown: { ...(kinds.unknown ?? zero), by_name: stats.unknown },
    },
    timeline: timeline.map((b) => ({
      bucket: String(b.bucket),
      size,
      human: num(b.human),
      crawler: num(b.crawler),
      scanner: num(b.scanner),
      unknown: num(b.unknown),
    })),
  };
}

/** The report's `clients`: the overview's kinds, each with how many of its clients are listed as attackers. */
export interface ReportClients {
  humans: KindFigures;
  crawlers: KindFigures & { by_name: CrawlerName[] };
  scanners: KindFigures;
  unknown: KindFigures & { by_name: UnknownName[] };
}

/**
 * The kinds come from each request's user agent; the attackers from what clients did. Counting the attackers of each
 * kind lets the overview say how many "human" clients were a scanner in a browser's clothes.
 */
export function withAttackers(clients: Overview['clients'], attackers: readonly Attacker[]): ReportClients {
  const count = (kind: string): number => attackers.reduce((n, a) => (a.kind === kind ? n + 1 : n), 0);
  return {
    humans: { ...clients.humans, attackers: count('human') },
    crawlers: { ...clients.crawlers, attackers: count('crawler') },
    scanners: { ...clients.scanners, attackers: count('scanner') },
    unknown: { ...clients.unknown, attackers: count('unknown') },
  };
}
