import { text } from '../db.js';
import { rows, type Db, type Row } from '../db.js';
import { iso, num, str } from './sql-helpers.js';
import type { Counted } from './hour-rollup.js';

const sumWhere = (cond: string): string => `coalesce(sum(n) FILTER (WHERE ${cond}), 0)::INT`;

export interface KindStats {
  hits: number;
  clients: number;
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
    size: 'hour' | 'day';
    human: number;
    crawler: number;
    scanner: number;
    unknown: number;
  }[];
}

/**
 * Time span, totals, client kinds, status classes and the requests-over-time series: clients from the per-client
 * summary `cs`, record counts from `counted` (the filtered records, or the hour rollup's rows standing for them).
 */
export async function overview(db: Db, counted: Counted, cs: string): Promise<Overview> {
  const [t] = await rows(
    db,
    `SELECT coalesce(sum(hits), 0)::INT AS requests, count(DISTINCT (ip, ua))::INT AS clients,
      ${iso('min(first)')} AS first, ${iso('max(last)')} AS last,
      coalesce(sum(errors), 0)::INT AS errors,
      epoch_ms(max(last)) - epoch_ms(min(first)) AS span_ms
     FROM ${cs}`,
  );
  const kinds: Record<string, KindStats> = {};
  for (const k of await rows(
    db,
    `SELECT kind, sum(hits)::INT AS hits, count(DISTINCT (ip, ua))::INT AS clients FROM ${cs} GROUP BY 1`,
  )) {
    kinds[text(k.kind ?? 'unknown')] = { hits: num(k.hits), clients: num(k.clients) };
  }
  const byName = await rows(
    db,
    `SELECT coalesce(client_name, 'unnamed') AS name, sum(hits)::INT AS hits, count(DISTINCT (ip, ua))::INT AS clients
     FROM ${cs} WHERE kind = 'crawler' GROUP BY 1 ORDER BY hits DESC, name`,
  );
  const unknownByName = await rows(
    db,
    `SELECT coalesce(client_name, 'unnamed') AS name, reason, sum(hits)::INT AS hits,
      count(DISTINCT (ip, ua))::INT AS clients
     FROM ${cs} WHERE kind = 'unknown' GROUP BY 1, 2 ORDER BY hits DESC, name, reason NULLS LAST`,
  );
  const size = num(t?.span_ms) > 3 * 86_400_000 ? 'day' : 'hour';
  // One pass over the records (or the hour rollup) for the timeline, the status classes and the record counts
  // (grouping sets, numbered by grouping_id(b, c): 1 per time bucket, 2 per status class, 3 all records).
  const found = await rows(
    db,
    `SELECT grouping_id(b, c)::INT AS gid, ${iso('b')} AS bucket, c, coalesce(sum(n), 0)::INT AS n,
      ${sumWhere("level IN ('ERROR', 'CRITICAL')")} AS error_records, ${sumWhere('req')} AS requests,
      ${sumWhere("req AND kind = 'human'")} AS human, ${sumWhere("req AND kind = 'crawler'")} AS crawler,
      ${sumWhere("req AND kind = 'scanner'")} AS scanner, ${sumWhere("req AND kind = 'unknown'")} AS unknown
     FROM (SELECT event = 'http.request' AS req, level, kind, date_trunc('${size}', ts) AS b, n,
             CASE WHEN event = 'http.request' THEN (status // 100)::INT END AS c
           FROM ${counted.rows})
     GROUP BY GROUPING SETS ((b), (c), ()) ORDER BY gid, b, c`,
  );
  const status: Record<string, number> = {};
  const timeline: Row[] = [];
  let all: Row | undefined;
  for (const f of found) {
    const gid = num(f.gid);
    if (gid === 3) all = f;
    else if (gid === 2 && f.c !== null && f.c !== undefined) status[`${num(f.c)}xx`] = num(f.n);
    else if (gid === 1 && f.bucket !== null && f.bucket !== undefined && num(f.requests) > 0)
      timeline.push(f);
  }
  const zero = { hits: 0, clients: 0 };
  const span: Overview['span'] = {};
  if (str(t?.first)) span.from = str(t?.first)!;
  if (str(t?.last)) span.to = str(t?.last)!;
  return {
    span,
    totals: {
      requests: num(t?.requests),
      clients: num(t?.clients),
      records: num(all?.n),
      errors: num(t?.errors),
      error_records: num(all?.error_records),
    },
    status,
    clients: {
      humans: kinds.human ?? zero,
      crawlers: {
        ...(kinds.crawler ?? zero),
        by_name: byName.map((b) => ({ name: String(b.name), hits: num(b.hits), clients: num(b.clients) })),
      },
      scanners: kinds.scanner ?? zero,
      unknown: {
        ...(kinds.unknown ?? zero),
        by_name: unknownByName.map((b) => ({
          name: String(b.name),
          reason: str(b.reason) ?? null,
          hits: num(b.hits),
          clients: num(b.clients),
        })),
      },
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
