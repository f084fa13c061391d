import { parseClfTime } from './access-line.js';

/**
 * The keys a JSON access log may use for each access-table column, in order of preference. Servers have no standard
 * JSON layout: these are Nginx's variable names (`$time_local` as `time_local`), the short names admins often
 * choose instead, and the ones Apache JSON LogFormat examples use.
 */
export const JSON_ACCESS_KEYS = {
  time: ['time_local', 'time_iso8601', 'time', '@timestamp', 'timestamp'],
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
  /** Seconds (`0.042`); Nginx's upstream time only when the request's own is not logged. */
  seconds: ['request_time', 'upstream_response_time'],
  user: ['remote_user'],
  vhost: ['host', 'server_name', 'vhost'],
} as const satisfies Record<string, readonly string[]>;

export type JsonAccessField = keyof typeof JSON_ACCESS_KEYS;

/** A value as the reader takes it: strings and numbers as text, `-` and `""` (a server's "none") as absent. */
function present(v: unknown): string | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
  return s === undefined || s === '' || s === '-' ? undefined : s;
}

/** The first present value among a field's keys. */
export function jsonAccessValue(obj: Record<string, unknown>, field: JsonAccessField): string | undefined {
  for (const key of JSON_ACCESS_KEYS[field]) {
    const v = present(obj[key]);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** `10/Oct/2026:13:55:36 +0000` (Apache's `%t` keeps its brackets) or ISO 8601, as epoch ms. */
export function jsonAccessTime(text: string): number | undefined {
  const clf = parseClfTime(text.replace(/^\[|\]$/g, ''));
  if (clf !== undefined) return clf;
  const iso = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(iso) ? undefined : iso;
}

/**
 * Why a parsed JSON line is not a JSON access-log entry, or undefined when it is one. The same rules as the DuckDB
 * reader (json-access.ts): a time, a status from 100 to 599, and a request line or a target.
 */
export function jsonAccessProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const obj = value as Record<string, unknown>;
  const time = jsonAccessValue(obj, 'time');
  if (time === undefined) return `no time (${JSON_ACCESS_KEYS.time.join(', ')})`;
  if (jsonAccessTime(time) === undefined)
    return `time ${JSON.stringify(time)} is neither 10/Oct/2026:13:55:36 +0000 nor ISO 8601`;
  const status = Number(jsonAccessValue(obj, 'status'));
  if (!Number.isInteger(status) || status < 100 || status > 599) return 'no status from 100 to 599';
  if (typeof obj.request !== 'string' && jsonAccessValue(obj, 'target') === undefined)
    return `no request (request, or ${JSON_ACCESS_KEYS.target.join(', ')})`;
  return undefined;
}

/** Whether a parsed JSON line is an access-log entry (detection counts Logbook records apart first). */
export function isJsonAccessEntry(value: unknown): boolean {
  return jsonAccessProblem(value) === undefined;
}
