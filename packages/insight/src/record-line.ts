import { text } from './db.js';
import { splitAccessLine, splitRequestLine, zeroFillLength } from './sources/access-line.js';
import { requestTimeMs, type RequestTimeUnit } from './sources/request-time.js';
import { forwardedClient } from './sources/forwarded-client.js';
import {
  isJsonAccessEntry,
  jsonAccessDurationMs,
  jsonAccessRequest,
  jsonAccessTime,
  jsonAccessValue,
  jsonStatus,
} from './sources/json-access-keys.js';
import { jsonAccessServerOf, jsonAccessView } from './sources/json-access-server.js';
import {
  jsonNumber,
  jsonText,
  MAX_JSON_LINE,
  maySpellSurrogate,
  wellFormedJson,
} from './sources/json-value.js';
import { classify } from './traffic.js';
import { CLIENT_KINDS } from './filters.js';
import { pathTemplate } from './path-template.js';
import { inIpNetwork, parseIpNetwork } from './ip-network.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed line is probed field by field below
type Rec = Record<string, any>;

const MAX_LINE = 1024 * 1024;

/** A record or access-log line flattened to the columns filters and live views use. */
export interface FlatRecord {
  time: string;
  level: string;
  event?: string;
  message?: string;
  method?: string;
  path?: string;
  status?: number;
  /** How long the request took, when the record or the access line says. */
  duration_ms?: number;
  ip?: string;
  ua?: string;
  kind?: string;
  name?: string;
  browser?: string;
  os?: string;
  user?: string;
  route?: string;
  /** The crash fingerprint of an incident record. */
  fingerprint?: string;
  signals: string[];
}

/**
 * Flattens one line of either format; undefined when it is neither. Unclassified requests are classified; an access
 * line's request time is read in `requestTime` (see request-time.ts).
 */
export function flattenLine(line: string, requestTime: RequestTimeUnit = 'auto'): FlatRecord | undefined {
  // a run of NUL bytes before a JSON line (a crash's zero-fill, copytruncate) is no part of it, as the report reads it
  const zeros = zeroFillLength(line);
  const record = zeros > 0 ? line.slice(zeros) : line;
  const json = trimLine(record, isJsonReaderBlank);
  if (json.startsWith('{')) {
    // The loader skips a JSON line longer than its reader takes as malformed; so does the live view.
    if (longerThan(record, MAX_JSON_LINE)) return undefined;
    // (starting with `{`, the line parses to an object or not at all)
    let r: Rec;
    try {
      r = JSON.parse(json);
    } catch {
      return undefined;
    }
    // The report stores text as UTF-8, where a lone surrogate (`"\ud800"`, half an emoji) is U+FFFD: so is it here.
    if (maySpellSurrogate(json)) r = wellFormedJson(r) as Rec;
    // A server's JSON access log, read as the json-access loader reads it: without a Logbook level, or Caddy's and
    // Traefik's, which have a level of their own (Traefik's a `time` too), so one the loader skips is no record either.
    const server = jsonAccessServerOf(r);
    if ((r.level === undefined || server !== 'plain') && isJsonAccessEntry(r))
      return flattenJsonAccess(jsonAccessView(r), requestTime);
    if (server !== 'plain') return undefined;
    // The report skips a record without a level or a time it can read (its skipped-line reason: "time is not an
    // ISO-8601 date"), and a JSON access line it refuses (status 200.5): so does tail.
    if (typeof r.time !== 'string' || Number.isNaN(Date.parse(r.time))) return undefined;
    if (r.level === undefined || r.level === null) return undefined;
    const req = (r.request ?? {}) as Rec;
    const flat: FlatRecord = {
      time: r.time,
      level: String(r.level),
      signals: Array.isArray(r.signals) ? r.signals.map(String) : [],
    };
    if (r.event) flat.event = String(r.event);
    if (r.message) flat.message = String(r.message);
    if (req.method) flat.method = String(req.method);
    if (req.path) flat.path = String(req.path);
    if (req.route) flat.route = String(req.route);
    // a number or its text, by the report's rules (jsonl.ts): a status of whole digits, a duration that is a number
    const status = jsonStatus(jsonText(req.status));
    if (status !== undefined) flat.status = status;
    const duration = jsonNumber(req.duration_ms);
    if (duration !== undefined) flat.duration_ms = duration;
    if (req.ip) flat.ip = String(req.ip);
    if (req.ua) flat.ua = String(req.ua);
    if (r.user?.id) flat.user = String(r.user.id);
    const fingerprint = r.incident?.fingerprint ?? r.error?.fingerprint;
    if (fingerprint) flat.fingerprint = String(fingerprint);
    if (r.client?.kind) {
      flat.kind = String(r.client.kind);
      if (r.client.name) flat.name = String(r.client.name);
      if (r.client.browser) flat.browser = String(r.client.browser);
      if (r.client.os) flat.os = String(r.client.os);
    } else if (flat.path) addClass(flat, req.query);
    // a request with neither client nor path, as the report counts it (buildRecords)
    else if (flat.event === 'http.request') flat.kind = 'unknown';
    return flat;
  }
  // an access line longer than 1 MB, likewise; a run of NUL bytes before it (copytruncate) is not part of it
  if (longerThan(line, MAX_LINE) && longerThan(line.slice(zeroFillLength(line)), MAX_LINE)) return undefined;
  const split = splitAccessLine(trimLine(line, isJsonBlank));
  if (!split) return undefined;
  const a = split.fields;
  const flat: FlatRecord = {
    time: new Date(a.time).toISOString(),
    level: 'INFO',
    event: 'http.request',
    method: a.method,
    path: a.path,
    status: a.status,
    ip: forwardedClient(a.ip, a.xff),
    signals: [],
  };
  const ms = requestTimeMs(split.trailing, requestTime);
  if (ms !== undefined) flat.duration_ms = ms;
  if (a.ua) flat.ua = a.ua;
  if (a.user) flat.user = a.user;
  addClass(flat, a.query);
  return flat;
}

/** Whether a line is longer than `max` bytes in UTF-8 (at most 3 bytes a UTF-16 unit: only a long one is counted). */
const longerThan = (line: string, max: number): boolean =>
  line.length > max / 3 && Buffer.byteLength(line) > max;

/** JSON's blanks: space, tab, CR, LF. */
const isJsonBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10;
/**
 * What the report's JSON reader passes over around a line, as C's isspace: JSON's blanks, form feed and vertical
 * tab (between a line's values, it refuses the last two, as JSON.parse does).
 */
const isJsonReaderBlank = (c: number): boolean => isJsonBlank(c) || c === 12 || c === 11;

/**
 * A line without the blanks around it and byte-order marks before it (files joined with `cat`), as the report's
 * readers take it: `blank` says which (an access line's first field would hold any other). A loop, not a regular
 * expression: no backtracking on a megabyte of blanks.
 */
function trimLine(line: string, blank: (c: number) => boolean): string {
  let start = 0;
  let end = line.length;
  while (start < end && (blank(line.charCodeAt(start)) || line.charCodeAt(start) === 0xfeff)) start++;
  while (end > start && blank(line.charCodeAt(end - 1))) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/** A JSON access-log entry (see json-access-keys.ts; Caddy's and Traefik's as their view) as the access line it stands for. */
function flattenJsonAccess(r: Rec, requestTime: RequestTimeUnit): FlatRecord {
  const value = (field: Parameters<typeof jsonAccessValue>[1]): string | undefined =>
    jsonAccessValue(r, field);
  // The request line splits as parseAccessLine splits it; without one, the method and target keys.
  const request = jsonAccessRequest(r);
  const { method, target } =
    request !== undefined
      ? splitRequestLine(request)
      : { method: value('method') ?? '-', target: value('target') ?? '' };
  const q = target.indexOf('?');
  const query = q >= 0 ? target.slice(q + 1) : value('query')?.replace(/^\?/, '') || undefined;
  const flat: FlatRecord = {
    time: new Date(jsonAccessTime(value('time')!)!).toISOString(),
    level: 'INFO',
    event: 'http.request',
    // no method (" / HTTP/1.1") or no target ("") reads -, as in an access line (splitAccessLine)
    method: method || '-',
    path: q >= 0 ? target.slice(0, q) : target || '-',
    status: Number(value('status')),
    signals: [],
  };
  const ms = jsonAccessDurationMs(r, requestTime);
  if (ms !== undefined) flat.duration_ms = ms;
  const ip = value('ip');
  if (ip !== undefined) flat.ip = ip;
  const ua = value('ua');
  if (ua !== undefined) flat.ua = ua;
  const user = value('user');
  if (user !== undefined) flat.user = user;
  addClass(flat, query);
  return flat;
}

function addClass(flat: FlatRecord, query: unknown): void {
  const c = classify({
    method: flat.method ?? 'GET',
    path: flat.path ?? '/',
    ...(typeof query === 'string' ? { query } : {}),
    ...(flat.status !== undefined ? { status: flat.status } : {}),
    ...(flat.ua !== undefined ? { userAgent: flat.ua } : {}),
    // the address tells a genuine Googlebot from one that only says so, as the report does (crawler-address-stage.ts)
    ...(flat.ip !== undefined ? { ip: flat.ip } : {}),
    time: Date.parse(flat.time),
  });
  flat.kind = c.client.kind;
  if (c.client.name) flat.name = c.client.name;
  if (c.client.browser) flat.browser = c.client.browser;
  if (c.client.os) flat.os = c.client.os;
  if (flat.signals.length === 0) flat.signals = c.signals;
}

/** The same filter terms as --filter in reports, applied to one flattened record. */
export function matchesFilters(r: FlatRecord, terms: readonly string[]): boolean {
  for (const term of terms) {
    const m = /^([a-z]+)(!?=)(.*)$/.exec(term);
    if (!m) return false;
    const [, key, op, want] = m as unknown as [string, string, string, string];
    const value: unknown = {
      client: r.kind,
      kind: r.kind,
      name: r.name,
      ip: r.ip,
      path: r.path,
      route: r.route ?? (r.path === undefined ? undefined : pathTemplate(r.path)),
      method: r.method,
      status: r.status,
      ua: r.ua,
      event: r.event,
      level: r.level,
      user: r.user,
      browser: r.browser,
      os: r.os,
      ticket: r.fingerprint,
      fingerprint: r.fingerprint,
    }[key];
    let ok: boolean;
    if (key === 'signal') ok = r.signals.includes(want);
    else if (key === 'status' && /^[0-5]xx$/i.test(want))
      ok = typeof r.status === 'number' && Math.floor(r.status / 100) === Number(want[0]);
    // by number, as the report compares: Nginx's 000 is the status 0
    else if (key === 'status' && /^\d{3}$/.test(want)) ok = r.status === Number(want);
    else if (key === 'client' || key === 'kind') ok = value === CLIENT_KINDS[want.toLowerCase()];
    else if (key === 'ip' && want.includes('/')) {
      const network = parseIpNetwork(want);
      ok = typeof network === 'object' && r.ip !== undefined && inIpNetwork(r.ip, network);
    } else if (/[*?]/.test(want)) ok = value !== undefined && globMatch(want, text(value));
    else ok = value !== undefined && text(value) === want;
    if (op === '!=' ? ok : !ok) return false;
  }
  return true;
}

function globMatch(glob: string, s: string): boolean {
  const re = new RegExp(
    `^${glob
      .replace(/[.+^${}()|\\[\]]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    's',
  );
  return re.test(s);
}
