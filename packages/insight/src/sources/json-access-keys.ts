import { parseClfTime } from './access-line.js';
import { jsonText, presentText } from './json-value.js';
import {
  inUnitMs,
  statedUnit,
  UNIT_SUFFIXES,
  type RequestTimeUnit,
  type StatedUnit,
} from './request-time.js';
import {
  jsonAccessServerOf,
  jsonAccessView,
  notAnAccessEntry,
  SERVER_KEY_NAMES,
} from './json-access-server.js';

/** Names that, followed by a unit (`duration_ms`, `requestTimeUs`), are the request's time in that unit. */
const DURATION_BASES = ['request_time', 'duration', 'request_duration', 'response_time', 'rt'];

/**
 * The keys a JSON access log may use for each access-table column, in order of preference. Servers have no standard
 * JSON layout: these are Nginx's variable names (`$time_local` as `time_local`), the short names admins often
 * choose instead, and the ones Apache JSON LogFormat examples use. A key is matched in any letter case and with or
 * without `_`, `-`, `.` or `@` between its words (see normaliseKey): `Request_Time`, `requestTime` and
 * `request-time` are `request_time`.
 */
export const JSON_ACCESS_KEYS = {
  /** Nginx's `$msec` (epoch seconds with milliseconds) last: a server that logs it usually logs a date too. */
  time: ['time_local', 'time_iso8601', 'time', '@timestamp', 'timestamp', 'msec'],
  ip: ['remote_addr', 'client_ip', 'ip', 'remote_ip', 'remoteIP'],
  /** The whole request line, `GET /path?q HTTP/1.1`; else method and target below. */
  request: ['request'],
  method: ['request_method', 'method'],
  /** With or without the query string (`$request_uri` has it, `$uri` has not). */
  target: ['request_uri', 'uri', 'url', 'path'],
  query: ['args', 'query_string', 'query'],
  status: ['status'],
  bytes: ['body_bytes_sent', 'bytes_sent', 'bytes'],
  referer: ['http_referer', 'referer', 'referrer'],
  ua: ['http_user_agent', 'user_agent', 'userAgent'],
  /**
   * The request's time: Nginx's `$request_time`, then names that state their unit, then Nginx's upstream time only
   * when the request's own is not logged. See durationUnit for each key's unit.
   */
  duration: [
    'request_time',
    ...DURATION_BASES.flatMap((base) =>
      Object.values(UNIT_SUFFIXES).flatMap((ends) => ends.map((e) => `${base}_${e}`)),
    ),
    'upstream_response_time',
  ],
  user: ['remote_user'],
  vhost: ['host', 'server_name', 'vhost'],
} as const satisfies Record<string, readonly string[]>;

export type JsonAccessField = keyof typeof JSON_ACCESS_KEYS;

/** A key as it is matched: lower case, letters and digits only (`Remote-Addr`, `remoteAddr` → `remoteaddr`). */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Each normalised key, with its field and its rank among that field's keys. */
const KEY_OF = new Map<string, { field: JsonAccessField; rank: number }>();
for (const [field, keys] of Object.entries(JSON_ACCESS_KEYS) as [JsonAccessField, readonly string[]][])
  keys.forEach((key, rank) => {
    const n = normaliseKey(key);
    if (!KEY_OF.has(n)) KEY_OF.set(n, { field, rank });
  });

/** The field a key of any spelling stands for, if the reader knows it. */
export function jsonAccessFieldOf(key: string): JsonAccessField | undefined {
  return KEY_OF.get(normaliseKey(key))?.field;
}

/** Each key as the list above writes it, with its place in its field's list (`remote_ip` 3, `remoteIP` 4). */
const LISTED = new Map<string, number>(
  Object.values(JSON_ACCESS_KEYS).flatMap((keys: readonly string[]) => keys.map((k, i) => [k, i] as const)),
);

/**
 * The order in which both readers try a field's keys, the first present value deciding: the field's list above;
 * of one key written in several spellings in a line (`status` and `Status`), the spelling the list writes first,
 * then the others in code-point order (upper case before lower case), wherever they stand in the line. The DuckDB
 * reader's coalesce and the line readers sort by this one function, so they read the same value.
 */
export function jsonAccessKeyOrder(a: string, b: string): number {
  const byRank =
    (KEY_OF.get(normaliseKey(a))?.rank ?? Infinity) - (KEY_OF.get(normaliseKey(b))?.rank ?? Infinity);
  if (byRank) return byRank;
  const byList = (LISTED.get(a) ?? Infinity) - (LISTED.get(b) ?? Infinity);
  if (byList) return byList;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The unit a duration key's name states (`duration_us`), or undefined: `request_time` and the upstream's follow --request-time. */
export function durationUnit(key: string): StatedUnit | undefined {
  const n = normaliseKey(key);
  for (const base of DURATION_BASES) {
    const b = normaliseKey(base);
    if (n.startsWith(b) && n !== b) {
      const unit = statedUnit(n.slice(b.length));
      if (unit) return unit;
    }
  }
  return undefined;
}

/**
 * A duration value's number in milliseconds: in the key's stated unit, else in `unit`, where auto is seconds (the
 * unit of Nginx's `$request_time`; a JSON number drops a decimal's trailing zeros, so `0.000` arrives as `0` and the
 * shape cannot tell).
 */
export function jsonDurationMs(
  number: string,
  stated: StatedUnit | undefined,
  unit: RequestTimeUnit,
): number | undefined {
  if (unit === 'none') return undefined;
  return inUnitMs(number, stated ?? (unit === 'auto' ? 's' : unit));
}

/**
 * The leading number of a duration (`0.012, 0.003` and `0.012 : 0.003` are an upstream's retries), with its
 * exponent: DuckDB writes a small JSON number as text that way (`0.00002` as `2e-05`).
 */
export const DURATION_NUMBER = String.raw`^[ \t]*(\d{1,15}(?:\.\d{1,9})?(?:[eE][-+]?\d{1,3})?)`;
const DURATION_NUMBER_RE = new RegExp(DURATION_NUMBER);

/**
 * An entry's values by normalised key (`remote_ip` and `remoteIP` are one key), its spellings in jsonAccessKeyOrder,
 * made once per entry.
 */
const NORMALISED = new WeakMap<object, Map<string, { key: string; value: unknown }[]>>();
function normalised(obj: Record<string, unknown>): Map<string, { key: string; value: unknown }[]> {
  let m = NORMALISED.get(obj);
  if (!m) {
    m = new Map();
    for (const [key, value] of Object.entries(obj)) {
      const n = normaliseKey(key);
      const list = m.get(n);
      if (list) list.push({ key, value });
      else m.set(n, [{ key, value }]);
    }
    for (const list of m.values()) if (list.length > 1) list.sort((x, y) => jsonAccessKeyOrder(x.key, y.key));
    NORMALISED.set(obj, m);
  }
  return m;
}

/** The first of a field's keys with a present value (in jsonAccessKeyOrder), and that value. */
function first(
  obj: Record<string, unknown>,
  field: JsonAccessField,
): { key: string; value: string } | undefined {
  const m = normalised(obj);
  for (const key of JSON_ACCESS_KEYS[field])
    for (const hit of m.get(normaliseKey(key)) ?? []) {
      const v = presentText(hit.value);
      if (v !== undefined) return { key: hit.key, value: v };
    }
  return undefined;
}

/** The first present value among a field's keys. */
export function jsonAccessValue(obj: Record<string, unknown>, field: JsonAccessField): string | undefined {
  return first(obj, field)?.value;
}

/** The request line as logged (a string, even `""` or `-`), under any spelling of `request`. */
export function jsonAccessRequest(obj: Record<string, unknown>): string | undefined {
  // the first spelling that is text, in jsonAccessKeyOrder (a number as its digits, as the table reader reads it)
  for (const { value } of normalised(obj).get('request') ?? []) {
    const text = jsonText(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * The request's duration in milliseconds, as the DuckDB reader reads it (see jsonDurationMs); none when it is
 * beyond a number (`"1e308"` seconds).
 */
export function jsonAccessDurationMs(
  obj: Record<string, unknown>,
  unit: RequestTimeUnit,
): number | undefined {
  const hit = first(obj, 'duration');
  const number = hit && DURATION_NUMBER_RE.exec(hit.value)?.[1];
  const ms = number ? jsonDurationMs(number, durationUnit(hit.key), unit) : undefined;
  return ms !== undefined && Number.isFinite(ms) ? ms : undefined;
}

/**
 * A status as both readers take it: whole digits, with a fraction of zeros allowed (`200.0`, `"200.00"`: a server
 * that writes every number as a float still means 200; a JSON number `2e2` reaches both readers as 200 too). Not
 * 200.5, `"4e2"` or `"0x1F4"`: no status. A cast would round 200.5 to 201.
 */
export const STATUS_TEXT = String.raw`[0-9]{1,9}(?:\.0+)?`;
const STATUS_RE = new RegExp(`^${STATUS_TEXT}$`);

/** A status value's number (see STATUS_TEXT), or undefined when it is none. */
export function jsonStatus(text: string | undefined): number | undefined {
  return text !== undefined && STATUS_RE.test(text) ? Number(text) : undefined;
}

/**
 * Whether a status is a request's: from 100 to 599, or one logged for a request answered with no status line, in
 * class 0xx as in a plain access log (access-line.ts): 0 (Nginx's `000`, Caddy's and Traefik's `0`: the client went
 * away before any response) and 9 (Nginx's `009`, an HTTP/0.9 request).
 */
export const isRequestStatus = (status: number): boolean =>
  (status >= 100 && status <= 599) || status === 0 || status === 9;
/** isRequestStatus in SQL, of an INTEGER column or expression. */
export const isRequestStatusSql = (status: string): string =>
  `(${status} BETWEEN 100 AND 599 OR ${status} IN (0, 9))`;

/**
 * Epoch times by their digits, unambiguous from 2001 to 2286: 10 before the point are seconds (Nginx's `$msec`,
 * `1732200000.123`), 13 milliseconds, 16 microseconds (Apache's `%{msec}t`, `%{usec}t`).
 */
export const EPOCH_SECONDS = String.raw`\d{10}(?:\.\d{1,9})?`;
export const EPOCH_MILLIS = String.raw`\d{13}(?:\.\d{1,6})?`;
export const EPOCH_MICROS = String.raw`\d{16}`;

/** An ISO date and time with no zone after it (`2026-11-22 10:00:01.524`, Caddy's `wall`). */
const ISO_WITHOUT_ZONE = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?$/;

/**
 * `10/Oct/2026:13:55:36 +0000` (Apache's `%t` keeps its brackets), ISO 8601 or an epoch number, as epoch ms. An ISO
 * time without a zone is UTC, as the report's reader takes it (its database's zone is UTC): Date.parse alone reads
 * it in the local zone, and tail then showed it hours apart from the report.
 */
export function jsonAccessTime(text: string): number | undefined {
  const clf = parseClfTime(text.replace(/^\[|\]$/g, ''));
  if (clf !== undefined) return clf;
  const iso = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text)
    ? Date.parse(ISO_WITHOUT_ZONE.test(text) ? `${text}Z` : text)
    : NaN;
  if (!Number.isNaN(iso)) return iso;
  const digits = new RegExp(`^${EPOCH_SECONDS}$`).test(text)
    ? 6
    : new RegExp(`^${EPOCH_MILLIS}$`).test(text)
      ? 3
      : new RegExp(`^${EPOCH_MICROS}$`).test(text)
        ? 0
        : undefined;
  if (digits === undefined) return undefined;
  // By its digits, as the table reader (json-access.ts, micros) reads it: whole microseconds, rounded half up on
  // the next digit, floored to the millisecond. Number(text) * 1e6 missed by one (8658764513.55 is
  // 8658764513.5499999… as a double); in BigInt, since microseconds from 2255 on pass 2^53.
  const [whole = '', fraction = ''] = text.split('.');
  const us =
    BigInt(whole) * 10n ** BigInt(digits) +
    BigInt(fraction.slice(0, digits).padEnd(digits, '0') || '0') +
    (fraction.charCodeAt(digits) >= 53 /* '5' */ ? 1n : 0n);
  return Number(us / 1000n);
}

/**
 * Why a parsed JSON line is not a JSON access-log entry, or undefined when it is one. The same rules as the DuckDB
 * reader (json-access.ts): a time, a request's status (isRequestStatus), and a request line or a target. A Caddy or
 * Traefik line is judged as the keys it is read as (jsonAccessView), and named by its own keys.
 */
export function jsonAccessProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const raw = value as Record<string, unknown>;
  const other = notAnAccessEntry(raw);
  if (other !== undefined) return other;
  const server = jsonAccessServerOf(raw);
  const obj = jsonAccessView(raw);
  const names =
    server === 'plain'
      ? {
          time: JSON_ACCESS_KEYS.time.join(', '),
          status: undefined,
          request: `request, or ${JSON_ACCESS_KEYS.target.join(', ')}`,
        }
      : SERVER_KEY_NAMES[server];
  const time = jsonAccessValue(obj, 'time');
  if (time === undefined) return `no time (${names.time})`;
  if (jsonAccessTime(time) === undefined)
    return `time ${JSON.stringify(time)} is neither 10/Oct/2026:13:55:36 +0000, ISO 8601 nor an epoch number (1732200000.123)`;
  const status = jsonStatus(jsonAccessValue(obj, 'status'));
  if (status === undefined || !isRequestStatus(status))
    return `no status from 100 to 599${names.status === undefined ? '' : ` (${names.status})`}`;
  if (jsonAccessRequest(obj) === undefined && jsonAccessValue(obj, 'target') === undefined)
    return `no request (${names.request})`;
  return undefined;
}

/** Whether a parsed JSON line is an access-log entry (detection counts Logbook records apart first). */
export function isJsonAccessEntry(value: unknown): boolean {
  return jsonAccessProblem(value) === undefined;
}
