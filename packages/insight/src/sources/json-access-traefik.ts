import { presentText } from './json-value.js';
/**
 * Traefik's access log (`accessLog: { format: json }`): flat keys of its own (`ClientHost`, `RequestMethod`,
 * `RequestPath`, `DownstreamStatus`, `Duration` in nanoseconds, `StartUTC`), request headers as `request_<Name>`
 * when kept. Read here as the flat keys the JSON access reader knows, by the JavaScript readers and by the DuckDB
 * reader alike: each value below has a JavaScript and an SQL form that give the same text.
 */

type Entry = Record<string, unknown>;

/** Keys only Traefik writes; one of them makes a line Traefik's (a plain JSON log is read by its own keys). */
const OWN_KEYS = ['DownstreamStatus', 'OriginStatus', 'RequestPath', 'ClientHost', 'ClientAddr'];

export function isTraefikLine(obj: Entry): boolean {
  return OWN_KEYS.some((k) => k in obj);
}

/**
 * The keys read, in the order of keyColumns' `c0`, `c1`, …: the start of the request (UTC, else local with its
 * offset, else the time the line was written), the client (`ClientHost`, else `ClientAddr` without its port), what
 * the client got (`DownstreamStatus`; the backend's `OriginStatus` only when that is missing).
 */
export const TRAEFIK_KEYS = [
  'StartUTC',
  'StartLocal',
  'time',
  'ClientHost',
  'ClientAddr',
  'RequestMethod',
  'RequestPath',
  'DownstreamStatus',
  'OriginStatus',
  'DownstreamContentSize',
  'request_Referer',
  'request_User-Agent',
  'Duration',
  'ClientUsername',
  'RequestHost',
] as const;

/** `203.0.113.9:41342` → `203.0.113.9`, `[2001:db8::1]:443` → `2001:db8::1`; anything else as it is. */
export function withoutPort(addr: string | undefined): string | undefined {
  if (addr === undefined) return undefined;
  const v6 = /^\[(.+)\]:\d+$/.exec(addr);
  if (v6) return v6[1];
  return /^[^:]+:\d+$/.test(addr) ? addr.slice(0, addr.indexOf(':')) : addr;
}
const withoutPortSql = (a: string): string => `CASE
      WHEN regexp_full_match(${a}, '\\[.+\\]:\\d+') THEN regexp_extract(${a}, '^\\[(.+)\\]', 1)
      WHEN regexp_full_match(${a}, '[^:]+:\\d+') THEN split_part(${a}, ':', 1)
      ELSE ${a} END`;

/**
 * `Duration` (whole nanoseconds, Traefik's unit whatever `--request-time` says but for `none`) in milliseconds
 * rounded to the microsecond, as text.
 */
export function traefikDurationMs(ns: string | undefined): string | undefined {
  return ns !== undefined && /^\d+$/.test(ns) ? String(Math.round(Number(ns) / 1000) / 1000) : undefined;
}
const traefikDurationSql = (ns: string): string =>
  `CASE WHEN regexp_full_match(${ns}, '\\d+') THEN CAST(round(try_cast(${ns} AS DOUBLE) / 1000) / 1000 AS VARCHAR) END`;

/** A Traefik entry as the flat keys the JSON access reader knows (see SERVER_KEYS in json-access-server.ts). */
export function traefikView(obj: Entry): Record<string, string | undefined> {
  const k = (key: (typeof TRAEFIK_KEYS)[number]): string | undefined => presentText(obj[key]);
  return {
    time: k('StartUTC') ?? k('StartLocal') ?? k('time'),
    remote_addr: k('ClientHost') ?? withoutPort(k('ClientAddr')),
    request_method: k('RequestMethod'),
    request_uri: k('RequestPath'),
    status: k('DownstreamStatus') ?? k('OriginStatus'),
    body_bytes_sent: k('DownstreamContentSize'),
    http_referer: k('request_Referer'),
    http_user_agent: k('request_User-Agent'),
    duration_ms: traefikDurationMs(k('Duration')),
    remote_user: k('ClientUsername'),
    host: k('RequestHost'),
  };
}

/** traefikView in SQL, over `columns`: TRAEFIK_KEYS read as `c0`, `c1`, … (see keyColumns). */
export function traefikRowsSql(columns: string): string {
  const c = (key: (typeof TRAEFIK_KEYS)[number]): string =>
    `nullif(nullif(c${TRAEFIK_KEYS.indexOf(key)}, '-'), '')`;
  return `SELECT coalesce(${c('StartUTC')}, ${c('StartLocal')}, ${c('time')}) AS "time",
      coalesce(${c('ClientHost')}, ${withoutPortSql(c('ClientAddr'))}) AS remote_addr, NULL::VARCHAR AS request,
      ${c('RequestMethod')} AS request_method, ${c('RequestPath')} AS request_uri, NULL::VARCHAR AS args,
      coalesce(${c('DownstreamStatus')}, ${c('OriginStatus')}) AS status,
      ${c('DownstreamContentSize')} AS body_bytes_sent, ${c('request_Referer')} AS http_referer,
      ${c('request_User-Agent')} AS http_user_agent, ${traefikDurationSql(c('Duration'))} AS duration_ms,
      ${c('ClientUsername')} AS remote_user, ${c('RequestHost')} AS host
    FROM (${columns})`;
}
