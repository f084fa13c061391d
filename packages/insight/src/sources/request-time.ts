/**
 * Request durations in access logs. Servers can write one after the last standard field: Nginx's `$request_time`
 * (seconds with millisecond decimals, `0.042`), Apache's `%D` (microseconds), `%T` (whole seconds) or `%{ms}T`.
 * Only a number with decimals says its unit by its shape (Nginx's seconds); a whole number could be any of Apache's,
 * so it is read only when the user names the unit.
 *
 * Many set-ups name the value instead (`rt=0.050 uct="0.000" uht="0.049" urt="0.049"`, `request_time=0.050`,
 * `D=1234`): the request's own time is read under the keys of OWN_KEYS, and an upstream's only when the line has
 * none of those. A key whose name states its unit (`D`, Apache's `%D`; `duration_ms`, `rt_us`) keeps that unit
 * whatever `--request-time` says.
 */
export const REQUEST_TIME_UNITS = ['auto', 's', 'ms', 'us', 'none'] as const;
export type RequestTimeUnit = (typeof REQUEST_TIME_UNITS)[number];
/** A unit a key's name states. */
export type StatedUnit = Exclude<RequestTimeUnit, 'auto' | 'none'>;

/** Name endings that state a unit (`_ms`, `_usec`), longest first for the pattern. */
export const UNIT_SUFFIXES: Record<StatedUnit, readonly string[]> = {
  s: ['seconds', 'secs', 'sec', 's'],
  ms: ['milliseconds', 'millis', 'msec', 'ms'],
  us: ['microseconds', 'micros', 'usec', 'us'],
};

/** The unit a name ending (without its `_`) states, in any letter case. */
export function statedUnit(suffix: string): StatedUnit | undefined {
  const s = suffix.toLowerCase();
  return (Object.keys(UNIT_SUFFIXES) as StatedUnit[]).find((u) => UNIT_SUFFIXES[u].includes(s));
}

/**
 * Keys of the request's own time after an access line's fields: Nginx's blog and Amplify formats (`rt=`), the
 * variable's own name (`request_time=`), the LTSV habit (`reqtime:`) and plain names. `key:value` counts too.
 */
export const OWN_KEYS = [
  'rt',
  'request_time',
  'reqtime',
  'req_time',
  'request_duration',
  'duration',
] as const;
/** Upstream response times (`urt=`, Amplify's `ut=`): a request's time only when it has none of its own. */
export const UPSTREAM_KEYS = ['urt', 'ut', 'upstream_response_time', 'upstream_time'] as const;

const NUM = String.raw`(\d{1,15}(?:\.\d{1,9})?)`;
/**
 * Traefik's common log format after the user agent: `<requests so far> "<router>" "<service URL>" <duration>ms`,
 * its fields `-` or `"-"` when unknown. The duration is whole milliseconds, whatever `--request-time` says; the
 * count before it is no time.
 */
const TRAEFIK = String.raw`[ \t]*(?:\d+|-) "[^"]*" "[^"]*" (\d{1,15})ms[ \t\r]*$`;
const SUFFIX = Object.values(UNIT_SUFFIXES).flat().join('|');
/**
 * Any character but a line break, spelled out: JavaScript's `.` also stops at `\r`, U+2028 and U+2029, RE2's only
 * at `\n`. Literal characters, as the two engines write escapes for them differently.
 */
const SKIP = '[^\n\r\u2028\u2029]*?';
/**
 * One pattern for both readers (JavaScript and DuckDB's RE2 take it alike; both prefer the first alternative that
 * matches, so the order below is the order of preference): (1) Traefik's duration (TRAEFIK); else (2) a plain number
 * first, optionally quoted, as the bare `$request_time`/`%D` is written; else (3, 4, 5) the first own key, with its
 * unit ending or Apache's `D`; else (6) the first upstream key. A value may be quoted (`urt="0.049"`); of a list
 * (`0.012, 0.003`) the first counts.
 * Matched in any letter case, by Unicode's simple case folding in both (RE2's `(?i)`, JavaScript's `iu`: `ſ` is `s`).
 */
const TRAILING_TIME =
  String.raw`^(?:${TRAEFIK}|[ \t]*"?${NUM}"?(?:[ \t\r]|$)` +
  String.raw`|${SKIP}(?:^|[ \t])(?:(?:${OWN_KEYS.join('|')})(?:_(${SUFFIX}))?|(D))[=:]"?${NUM}(?:[" \t\r,;]|$)` +
  String.raw`|${SKIP}(?:^|[ \t])(?:${UPSTREAM_KEYS.join('|')})[=:]"?${NUM}(?:[" \t\r,;]|$))`;
const TRAILING_TIME_RE = new RegExp(TRAILING_TIME, 'iu');
const TO_MS: Record<StatedUnit, number> = { s: 1000, ms: 1, us: 0.001 };

/** A number's text in `unit`, as milliseconds: auto reads only decimals, as seconds. */
export function inUnitMs(number: string, unit: Exclude<RequestTimeUnit, 'none'>): number | undefined {
  if (unit === 'auto') return number.includes('.') ? Number(number) * 1000 : undefined;
  return Number(number) * TO_MS[unit];
}

/** The request's duration in milliseconds from the text after an access line's fields, or undefined. */
export function requestTimeMs(trailing: string, unit: RequestTimeUnit): number | undefined {
  if (unit === 'none' || trailing === '') return undefined;
  const m = TRAILING_TIME_RE.exec(trailing);
  if (!m) return undefined;
  const [, traefik, bare, suffix, d, keyed, upstream] = m;
  if (traefik !== undefined) return Number(traefik);
  if (bare !== undefined) return inUnitMs(bare, unit);
  if (keyed !== undefined) {
    const stated = d !== undefined ? 'us' : suffix !== undefined ? statedUnit(suffix) : undefined;
    return inUnitMs(keyed, stated ?? unit);
  }
  return inUnitMs(upstream!, unit);
}

/**
 * requestTimeMs as two DuckDB expressions: what TRAILING_TIME finds in the SQL text `trailing` (a struct of its
 * groups, all '' when it finds nothing; NULL for an empty text), and the milliseconds from that struct.
 */
export function requestTimeTextSql(trailing: string, unit: RequestTimeUnit): string {
  if (unit === 'none') return 'NULL';
  // Most combined lines end at the user agent's quote: no pattern to run on their empty text.
  return `CASE WHEN ${trailing} <> '' THEN regexp_extract(${trailing}, '(?i)${TRAILING_TIME}', ['t', 'n', 'u', 'd', 'k', 'p']) END`;
}

export function requestTimeMsSql(found: string, unit: RequestTimeUnit): string {
  if (unit === 'none') return 'NULL::DOUBLE';
  const inUnit = (text: string, u: RequestTimeUnit): string =>
    u === 'auto'
      ? `CASE WHEN contains(${text}, '.') THEN try_cast(${text} AS DOUBLE) * 1000 END`
      : `try_cast(${text} AS DOUBLE) * ${TO_MS[u as StatedUnit]}`;
  const names = (u: StatedUnit): string => UNIT_SUFFIXES[u].map((s) => `'${s}'`).join(', ');
  return `CASE WHEN ${found}.t <> '' THEN ${inUnit(`${found}.t`, 'ms')}
    WHEN ${found}.n <> '' THEN ${inUnit(`${found}.n`, unit)}
    WHEN ${found}.k <> '' THEN CASE
      WHEN ${found}.d <> '' OR lower(${found}.u) IN (${names('us')}) THEN ${inUnit(`${found}.k`, 'us')}
      WHEN lower(${found}.u) IN (${names('ms')}) THEN ${inUnit(`${found}.k`, 'ms')}
      WHEN lower(${found}.u) IN (${names('s')}) THEN ${inUnit(`${found}.k`, 's')}
      ELSE ${inUnit(`${found}.k`, unit)} END
    WHEN ${found}.p <> '' THEN ${inUnit(`${found}.p`, unit)} END`;
}
