import { jsonText } from './json-value.js';
/**
 * Caddy's access log (`log { format json }`): one zap entry a line, the request nested
 * (`{"ts":1732264200.52,"logger":"http.log.access.log0","request":{"client_ip":…,"uri":…,"headers":{"User-Agent":[…]}},
 * "status":404,"size":10900,"duration":0.0009}`). Read here as the flat keys the JSON access reader knows, by the
 * JavaScript readers (tail, detection, skipped-line reasons) and by the DuckDB reader alike: each value below has a
 * JavaScript and an SQL form that give the same text.
 */

type Entry = Record<string, unknown>;

/** Caddy names its access loggers `http.log.access` and `http.log.access.<name>`. */
const ACCESS_LOGGER = 'http.log.access';

/** Whether a parsed line was written by Caddy: a request object with its `uri`, or a zap entry of a Caddy logger. */
export function isCaddyLine(obj: Entry): boolean {
  const r = obj.request;
  if (typeof r === 'object' && r !== null && !Array.isArray(r) && typeof (r as Entry).uri === 'string')
    return true;
  return typeof obj.logger === 'string' && typeof obj.msg === 'string' && 'ts' in obj;
}

/**
 * The logger of a Caddy line that is not an access entry (`http.handlers.reverse_proxy`, `tls`), or undefined.
 * Such lines share the file when Caddy's other logs are sent there too; they are no requests, and not malformed.
 */
export function caddyOtherLogger(obj: Entry): string | undefined {
  const logger = obj.logger;
  return typeof logger === 'string' && !logger.startsWith(ACCESS_LOGGER) ? logger : undefined;
}

/**
 * The first value of a request header: Caddy logs each header as an array of its values, under Go's canonical
 * name (`User-Agent`), which is matched exactly, as DuckDB's reader matches a struct's keys.
 */
function header(headers: unknown, name: string): string | undefined {
  const v = typeof headers === 'object' && headers !== null ? (headers as Entry)[name] : undefined;
  return Array.isArray(v) ? jsonText(v[0]) : undefined;
}

/**
 * `ts` as the JSON access reader takes a time. The default is epoch seconds (`1732264200.5241`); `time_format`
 * may give `unix_milli_float` (13 digits, read as is), `unix_nano` (19 digits: its first 16 are microseconds),
 * `wall`/`wall_milli` (`2024/11/22 08:30:00`, no zone: read as UTC, like ISO 8601 without one), ISO 8601, RFC 3339
 * or `common_log`.
 */
export function caddyTime(t: string | undefined): string | undefined {
  if (t === undefined) return undefined;
  if (/^\d{19}$/.test(t)) return t.slice(0, 16);
  if (/^\d{4}\/\d\d\/\d\d /.test(t)) return t.replaceAll('/', '-');
  return t;
}
const caddyTimeSql = (t: string): string => `CASE
      WHEN regexp_full_match(${t}, '\\d{19}') THEN left(${t}, 16)
      WHEN regexp_matches(${t}, '^\\d{4}/\\d\\d/\\d\\d ') THEN replace(${t}, '/', '-')
      ELSE ${t} END`;

/** Go's time.Duration text (`duration_format string`): `850ns`, `929.675µs`, `1.2ms`, `2.5s`, `1m2.5s`, `1h0m0s`. */
const GO_DURATION = String.raw`^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s))?$`;
const GO_DURATION_RE = new RegExp(GO_DURATION);
const MICROS: Record<string, number> = { ns: 0.001, us: 1, µs: 1, μs: 1, ms: 1000, s: 1e6 };

/**
 * `duration` in milliseconds (rounded to the microsecond), as text. Caddy writes it in seconds
 * (`0.000929675`, the default), as Go's duration text (`duration_format string`), or as whole nanoseconds
 * (`duration_format nano`): a whole number is read as nanoseconds, since seconds to nine decimals are never whole
 * but for 0. Its unit is the server's, so `--request-time` does not change it (but for `none`).
 */
export function caddyDurationMs(d: string | undefined): string | undefined {
  if (d === undefined) return undefined;
  let us: number | undefined;
  if (/^\d+$/.test(d)) us = Number(d) / 1000;
  else if (/^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(d)) us = Number(d) * 1e6;
  else {
    const m = GO_DURATION_RE.exec(d);
    if (m && d !== '') {
      const [, h, min, v, unit] = m;
      us =
        (Number(h ?? 0) * 3600 + Number(min ?? 0) * 60) * 1e6 +
        (v === undefined ? 0 : Number(v) * MICROS[unit!]!);
    }
  }
  return us === undefined ? undefined : String(Math.round(us) / 1000);
}
const caddyDurationSql = (d: string): string => {
  const group = (i: number): string =>
    `coalesce(try_cast(nullif(regexp_extract(${d}, '${GO_DURATION}', ${i}), '') AS DOUBLE), 0)`;
  const unit = `regexp_extract(${d}, '${GO_DURATION}', 4)`;
  const micros = Object.entries(MICROS)
    .map(([u, f]) => `WHEN '${u}' THEN ${f}::DOUBLE`)
    .join(' ');
  return `CAST(round(CASE
      WHEN regexp_full_match(${d}, '\\d+') THEN try_cast(${d} AS DOUBLE) / 1000
      WHEN regexp_full_match(${d}, '\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?') THEN try_cast(${d} AS DOUBLE) * 1e6
      WHEN ${d} <> '' AND regexp_matches(${d}, '${GO_DURATION}') THEN
        (${group(1)} * 3600 + ${group(2)} * 60) * 1e6 + ${group(3)} * (CASE ${unit} ${micros} ELSE 0 END)
      END) / 1000 AS VARCHAR)`;
};

/**
 * The columns read from each entry: DuckDB's reader takes the nested request as a struct, far cheaper than a JSON
 * path per value (200,000 lines: 0.1 s against 2.4 s). `typed`: each value as JSON, so that one that is no string
 * or number can be taken as absent (see keyColumns in json-access.ts).
 */
const columns = (typed: boolean): Record<string, string> => {
  const t = typed ? 'JSON' : 'VARCHAR';
  return {
    ts: t,
    logger: t,
    status: t,
    size: t,
    duration: t,
    user_id: t,
    request:
      `STRUCT(client_ip ${t}, remote_ip ${t}, method ${t}, uri ${t}, host ${t}, ` +
      `headers STRUCT("User-Agent" ${t}[], "Referer" ${t}[]))`,
  };
};

/**
 * A Caddy entry as the flat keys the JSON access reader knows (see SERVER_KEYS in json-access-server.ts).
 * `client_ip` is the address after Caddy's trusted proxies are applied, so it wins over the peer's `remote_ip`.
 */
export function caddyView(obj: Entry): Record<string, string | undefined> {
  const r = (typeof obj.request === 'object' && obj.request !== null ? obj.request : {}) as Entry;
  const client = jsonText(r.client_ip);
  return {
    time: caddyTime(jsonText(obj.ts)),
    remote_addr: client !== undefined && client !== '' ? client : jsonText(r.remote_ip),
    request_method: jsonText(r.method),
    request_uri: jsonText(r.uri),
    status: jsonText(obj.status),
    body_bytes_sent: jsonText(obj.size),
    http_referer: header(r.headers, 'Referer'),
    http_user_agent: header(r.headers, 'User-Agent'),
    duration_ms: caddyDurationMs(jsonText(obj.duration)),
    remote_user: jsonText(obj.user_id),
    host: jsonText(r.host),
  };
}

/**
 * caddyView in SQL: one row a line with the same columns, from `file` read with `options` (read_json's). Lines of
 * Caddy's other loggers give no row, so they count neither as requests nor as skipped lines; a line that is not
 * JSON gives an all-NULL row, which the loader counts as skipped. `typed` reads each value through `text`
 * (typedText in json-access.ts), which makes one that is no string or number NULL.
 */
export function caddyRowsSql(
  file: string,
  options: string,
  typed = false,
  text: (x: string) => string = (x) => x,
): string {
  const spec = Object.entries(columns(typed))
    .map(([k, t]) => `${k}: '${t}'`)
    .join(', ');
  const v = typed ? text : (x: string): string => x;
  // Read as VARCHAR, a logger that is no string arrives as its JSON text: a line with one is an access entry
  // (caddyOtherLogger), so such a text is not taken for another logger's name here.
  const otherLogger = typed
    ? `NOT starts_with(${v('logger')}, '${ACCESS_LOGGER}')`
    : `NOT starts_with(logger, '${ACCESS_LOGGER}') AND NOT (logger IN ('true', 'false') OR json_valid(logger) AND left(logger, 1) IN ('{', '['))`;
  return `SELECT ${caddyTimeSql(v('ts'))} AS "time",
      coalesce(nullif(${v('request.client_ip')}, ''), ${v('request.remote_ip')}) AS remote_addr, NULL::VARCHAR AS request,
      ${v('request.method')} AS request_method, ${v('request.uri')} AS request_uri, NULL::VARCHAR AS args,
      ${v('status')} AS status, ${v('size')} AS body_bytes_sent, ${v('request.headers."Referer"[1]')} AS http_referer,
      ${v('request.headers."User-Agent"[1]')} AS http_user_agent, ${caddyDurationSql(v('duration'))} AS duration_ms,
      ${v('user_id')} AS remote_user, ${v('request.host')} AS host
    FROM read_json(${file}, ${options}, columns = {${spec}})
    WHERE coalesce(${otherLogger}, FALSE) IS FALSE`;
}
