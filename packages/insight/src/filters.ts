import { lit } from './db.js';
import { pathTemplateSql, routeOrTemplateSql } from './path-template.js';
import { inIpNetworkSql, parseIpNetwork } from './ip-network.js';

/** What every report section is narrowed by. */
export interface Filters {
  /** ISO date or date-time; records at or after it. */
  since?: string;
  /** ISO date or date-time; records before it. */
  until?: string;
  /** `key=value` terms, all of which must hold (see FILTER_KEYS). */
  where?: string[];
}

/** Thrown for a filter that cannot be understood. */
export class FilterError extends Error {
  override name = 'FilterError';
}

/** Filter keys and the column each one tests. Values may use `*` and `?` wildcards. */
export const FILTER_KEYS: Readonly<Record<string, string>> = {
  client: 'kind',
  kind: 'kind',
  name: 'client_name',
  ip: 'ip',
  path: 'path',
  route: 'route',
  method: '"method"',
  status: 'status',
  ua: 'ua',
  event: 'event',
  level: 'level',
  user: 'user_id',
  browser: 'browser',
  os: 'os',
  signal: 'signals',
  // A crash ticket is the fingerprint of its incidents.
  ticket: 'fingerprint',
  fingerprint: 'fingerprint',
};

const EXAMPLE_VALUES: Readonly<Record<string, string>> = {
  client: 'scanner',
  kind: 'scanner',
  ip: '203.0.113.9',
  path: '/wp-*',
  status: '404',
  method: 'POST',
  level: 'ERROR',
};

/** The client kinds a `client=` filter accepts, with the plurals and aliases people type. */
export const CLIENT_KINDS: Readonly<Record<string, string>> = {
  human: 'human',
  humans: 'human',
  crawler: 'crawler',
  crawlers: 'crawler',
  bot: 'crawler',
  scanner: 'scanner',
  scanners: 'scanner',
  unknown: 'unknown',
};

/** An ISO month or date, optionally with a time (`T` or a space) and a zone; a field out of its range is refused below. */
const ISO_BOUND =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/i;

/** Parses a time bound; accepts `2026-11-21`, `2026-11-21T10:00`, full ISO, or a relative `24h`/`7d`/`30m`. */
export function parseTimeBound(value: string, flag: string, now = Date.now()): string {
  const rel = /^(\d+)([mhdw])$/.exec(value);
  let ms = Number.NaN;
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2] as 'm' | 'h' | 'd' | 'w'];
    ms = now - Number(rel[1]) * unit;
  } else {
    // Date.parse alone takes `5` for May 2001 and rolls 2026-02-30 over into March: only a real ISO date is a bound.
    const iso = ISO_BOUND.exec(value);
    if (iso) {
      // A month alone or a date alone passes the day and hour checks (Date.parse reads it as the start of that span).
      const [y, mo, d, h] = iso.slice(1, 5).map((x) => Number(x ?? 0));
      // Date.parse refuses month 13, day 0 or minute 60 itself, but rolls 30 February over and takes 24:00.
      const daysInMonth = new Date(Date.UTC(y!, mo, 0)).getUTCDate();
      const valid = d! <= daysInMonth && h! < 24;
      const text = value.replace(' ', 'T');
      if (valid) ms = Date.parse(iso[4] === undefined || iso[7] !== undefined ? text : `${text}Z`);
    }
  }
  // A span back past the first date a time can hold (99999999999d) is no date either, not "Invalid time value".
  if (Number.isNaN(new Date(ms).getTime())) {
    throw new FilterError(
      `${flag} ${value}: not a date. Use an ISO date such as 2026-11-21 or 2026-11-21T10:00Z, or a span such as 24h or 7d.`,
    );
  }
  return new Date(ms).toISOString();
}

/** True when `filters` has no time bounds and each of its terms tests a column a rollup holds (`keys`). */
export function rollupHolds(filters: Filters, keys: ReadonlySet<string>): boolean {
  if (filters.since || filters.until) return false;
  return (filters.where ?? []).every((t) => keys.has(/^([a-z]+)/.exec(t)?.[1] ?? ''));
}

/**
 * Turns filters into one SQL condition over the `records` columns, for a WHERE (a row whose condition is NULL is left
 * out). Over a rollup, which holds no path, `on` is 'rollup': route terms test the recorded route alone, which agrees
 * with the records only when no routeless record matches (see routelessRouteMatchSql).
 */
export function filterSql(filters: Filters = {}, on: 'records' | 'rollup' = 'records'): string {
  const parts: string[] = ['TRUE'];
  const since = filters.since ? parseTimeBound(filters.since, '--since') : undefined;
  const until = filters.until ? parseTimeBound(filters.until, '--until') : undefined;
  if (since && until && since >= until)
    throw new FilterError(
      `--since ${filters.since} is not before --until ${filters.until}: no record can match. Swap them, or widen the range.`,
    );
  if (since) parts.push(`ts >= ${lit(since)}::TIMESTAMPTZ::TIMESTAMP`);
  if (until) parts.push(`ts < ${lit(until)}::TIMESTAMPTZ::TIMESTAMP`);
  for (const term of filters.where ?? []) parts.push(termSql(term, on));
  return parts.join(' AND ');
}

/** `value` (SQL) equal to `raw`, or matching it when it has `*` or `?` wildcards. */
function matchSql(value: string, raw: string): string {
  return /[*?]/.test(raw) ? `${value} GLOB ${lit(raw)}` : `${value} = ${lit(raw)}`;
}

/**
 * A rollup holds each record's recorded route but not its path, while a route term reads a record with no route as
 * its path with ids folded. Both agree when no such record's folded path matches a route term's value (each term is
 * then false for it in both or, negated, true in both). This is the query whose `found` says one does; undefined
 * when `filters` has no route term, so a report without one queues no query for it.
 */
export function routelessRouteMatchSql(filters: Filters): string | undefined {
  const values = (filters.where ?? []).flatMap((t) => /^route!?=(.+)$/.exec(t)?.[1] ?? []);
  if (values.length === 0) return undefined;
  const folded = pathTemplateSql('path');
  return `SELECT EXISTS (SELECT 1 FROM records WHERE route IS NULL AND path IS NOT NULL
    AND (${values.map((v) => matchSql(folded, v)).join(' OR ')})) AS found`;
}

function termSql(term: string, on: 'records' | 'rollup'): string {
  const m = /^([a-z]+)(!?=)(.*)$/.exec(term);
  if (!m)
    throw new FilterError(
      `--filter ${term}: expected key=value (or key!=value), e.g. client=scanner, ip=203.0.113.9, path=/wp-*.`,
    );
  const [, key, op, raw] = m as unknown as [string, string, string, string];
  const column = FILTER_KEYS[key];
  if (!column)
    throw new FilterError(
      `--filter ${term}: unknown key "${key}". Known keys: ${Object.keys(FILTER_KEYS).join(', ')}.`,
    );
  if (raw === '')
    throw new FilterError(
      `--filter ${term}: no value after "${op}". Give one, e.g. ${key}${op}${EXAMPLE_VALUES[key] ?? 'value'}; * matches any value.`,
    );
  let cond: string;
  if (key === 'client' || key === 'kind') {
    const kind = CLIENT_KINDS[raw.toLowerCase()];
    if (!kind) throw new FilterError(`--filter ${term}: client must be human, crawler, scanner or unknown.`);
    cond = `kind = ${lit(kind)}`;
  } else if (key === 'status') {
    // 0xx: Nginx's 000 (no response sent) and 009 (an HTTP/0.9 request)
    const cls = /^([0-5])xx$/i.exec(raw);
    if (cls) cond = `status // 100 = ${cls[1]}`;
    else if (/^\d{3}$/.test(raw)) cond = `status = ${raw}`;
    else throw new FilterError(`--filter ${term}: status must be a code such as 404 or a class such as 5xx.`);
  } else if (key === 'signal') {
    cond = `list_contains(signals, ${lit(raw)})`;
  } else if (key === 'ip' && raw.includes('/')) {
    const network = parseIpNetwork(raw);
    if (typeof network !== 'object') throw new FilterError(`--filter ${term}: ${network}`);
    cond = inIpNetworkSql(column, network);
  } else {
    // A request no framework matched a route for reads as its path with ids folded, as slow routes show it.
    cond = matchSql(key === 'route' && on === 'records' ? routeOrTemplateSql('route', 'path') : column, raw);
  }
  // A WHERE drops NULL as it drops FALSE, so a positive term stays a bare comparison, which DuckDB can push into
  // the table scan (under coalesce it is evaluated on every row afterwards); a negated one must count NULL as FALSE.
  return op === '!=' ? `NOT coalesce(${cond}, FALSE)` : `(${cond})`;
}
