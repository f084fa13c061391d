import { count, lit, rows, type Db } from '../db.js';
import { CLASSIFY_KEY } from './access-log.js';
import {
  DURATION_NUMBER,
  durationUnit,
  EPOCH_MICROS,
  EPOCH_MILLIS,
  EPOCH_SECONDS,
  isRequestStatusSql,
  JSON_ACCESS_KEYS,
  jsonAccessFieldOf,
  jsonAccessKeyOrder,
  jsonDurationMs,
  STATUS_TEXT,
  type JsonAccessField,
} from './json-access-keys.js';
import type { RequestTimeUnit } from './request-time.js';
import { SERVER_KEYS, type JsonAccessServer } from './json-access-server.js';
import { caddyRowsSql } from './json-access-caddy.js';
import { TRAEFIK_KEYS, traefikRowsSql } from './json-access-traefik.js';
import { readingOverlongLinesApart } from './json-long-lines.js';
import { refusedJsonLines } from './json-refused-lines.js';
import { jsonLinesAfterZeroRuns } from './json-zero-fill.js';
import { MAX_JSON_LINE } from './json-value.js';

const q = (key: string): string => `"${key.replaceAll('"', '""')}"`;

/**
 * The keys to read for each field: the documented spellings, and those of `found` (keys seen in the file) that
 * stand for a field in another spelling (`Request_Time`, `remoteAddr`).
 */
export function jsonAccessColumns(found: readonly string[]): Record<JsonAccessField, string[]> {
  const out = Object.fromEntries(Object.keys(JSON_ACCESS_KEYS).map((f) => [f, [] as string[]])) as Record<
    JsonAccessField,
    string[]
  >;
  // The many names with a unit (`duration_ms`) are read only when seen: each column named costs time on every line.
  const documented = Object.values(JSON_ACCESS_KEYS)
    .flat()
    .filter((k) => durationUnit(k) === undefined);
  const keys = new Set([...documented, ...found]);
  for (const key of keys) {
    const f = jsonAccessFieldOf(key);
    if (f) out[f].push(key);
  }
  for (const list of Object.values(out)) list.sort(jsonAccessKeyOrder);
  return out;
}

/**
 * The file's rows with each key in `keys` as column `c<i>` (VARCHAR: a number arrives as its text). DuckDB's JSON
 * reader matches a key's letter case exactly but takes names that differ only in case for one column, so a file
 * that spells a key both ways (`status` and `Status`) is read through json_extract_string instead, which costs
 * about twice as much. `typed`: each value is read as JSON first, so an object, an array, true or false is NULL
 * (absent, as the line readers take it: json-value.ts) rather than its JSON text; that too costs about twice as
 * much, so it is done only for a file that holds such a value (see loadJsonAccessLog).
 */
function keyColumns(file: string, gzip: boolean, keys: readonly string[], typed: boolean): string {
  const options = readOptions(gzip);
  if (new Set(keys.map((k) => k.toLowerCase())).size === keys.length)
    return `SELECT ${keys.map((k, i) => `${typed ? typedText(q(k)) : q(k)} AS c${i}`).join(', ')}
      FROM read_json(${lit(file)}, ${options},
        columns = {${keys.map((k) => `${lit(k)}: '${typed ? 'JSON' : 'VARCHAR'}'`).join(', ')}})`;
  const paths = `[${keys.map((k) => lit(jsonPointer(k))).join(', ')}]`;
  return `SELECT ${keys.map((_, i) => `${typed ? typedText(`v[${i + 1}]`) : `v[${i + 1}]`} AS c${i}`).join(', ')}
    FROM (SELECT ${typed ? 'json_extract' : 'json_extract_string'}(json, ${paths}) AS v
      FROM read_json_objects(${lit(file)}, ${options}))`;
}

/**
 * The JSON pointer to a top-level key: unlike a `$."key"` path, it reads a key holding `"` or `\` as written
 * (only `~` and `/` are escaped, as `~0` and `~1`).
 */
const jsonPointer = (key: string): string => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

/**
 * A JSON-typed value as the VARCHAR reader gives its text (a DOUBLE as DuckDB writes it: `2e-05`), NULL for an
 * object, an array, true or false.
 */
export const typedText = (x: string): string => `CASE json_type(${x}) WHEN 'VARCHAR' THEN ${x}->>'$'
  WHEN 'DOUBLE' THEN CAST(CAST(${x} AS DOUBLE) AS VARCHAR) WHEN 'BIGINT' THEN ${x}->>'$'
  WHEN 'UBIGINT' THEN ${x}->>'$' END`;

/**
 * Whether a value read as VARCHAR may have been an object, an array, true or false (their JSON text). A string
 * such as `"[21/Nov/2026:10:00:00 +0000]"` is not JSON and passes; one that is (`"{}"`, `"true"`) only costs the
 * typed read.
 */
const mayBeNoText = (v: string): string =>
  `CASE WHEN starts_with(${v}, '{') OR starts_with(${v}, '[') THEN json_valid(${v}) ELSE ${v} IN ('true', 'false') END`;

function readOptions(gzip: boolean): string {
  return `format = 'newline_delimited', ignore_errors = true, maximum_object_size = ${MAX_JSON_LINE},
      compression = ${gzip ? "'gzip'" : "'uncompressed'"}`;
}

/**
 * The `j` rows of jsonAccessSelect for a server's own layout: its lines read as SERVER_KEYS (json-access-caddy.ts,
 * json-access-traefik.ts), as columns `c<i>` in the order of `all`.
 */
function serverColumns(
  file: string,
  gzip: boolean,
  server: Exclude<JsonAccessServer, 'plain'>,
  all: string[],
  typed: boolean,
): string {
  const rows =
    server === 'caddy'
      ? caddyRowsSql(lit(file), readOptions(gzip), typed, typedText)
      : traefikRowsSql(keyColumns(file, gzip, TRAEFIK_KEYS, typed));
  return `SELECT ${all.map((k, i) => `${q(k)} AS c${i}`).join(', ')} FROM (${rows})`;
}

/** Columns (see keyColumns) by key. */
type Cols = Record<JsonAccessField, string[]> & { at: Map<string, string> };

/** A key's value, with `-` and `""` (a server's "none") as NULL. */
const present = (cols: Cols, key: string): string => `nullif(nullif(${cols.at.get(key)!}, '-'), '')`;

/** The first of a field's keys with a value. */
function field(cols: Cols, f: JsonAccessField): string {
  const keys = cols[f].map((k) => present(cols, k));
  return keys.length === 1 ? keys[0]! : `coalesce(${keys.join(', ')})`;
}

/** jsonAccessDurationMs: the first duration key with a value decides, read in its stated unit or in `unit`. */
function durationSql(cols: Cols, unit: RequestTimeUnit): string {
  if (unit === 'none') return 'NULL::DOUBLE';
  const number = (key: string): string =>
    `try_cast(nullif(regexp_extract(${cols.at.get(key)!}, '${DURATION_NUMBER}', 1), '') AS DOUBLE)`;
  const branches = cols.duration.map((key) => {
    // the factor from jsonDurationMs itself, so the two readers cannot differ on a unit
    const factor = jsonDurationMs('1', durationUnit(key), unit)!;
    return `WHEN ${present(cols, key)} IS NOT NULL THEN ${number(key)} * ${factor}`;
  });
  return `CASE ${branches.join(' ')} END`;
}

/** An epoch number's text as a TIMESTAMP (see EPOCH_SECONDS), exact to the microsecond. */
const epochSql = (t: string): string => `CASE
      WHEN regexp_full_match(${t}, '${EPOCH_SECONDS}') THEN ${micros(t, 6)}
      WHEN regexp_full_match(${t}, '${EPOCH_MILLIS}') THEN ${micros(t, 3)}
      WHEN regexp_full_match(${t}, '${EPOCH_MICROS}') THEN ${micros(t, 0)} END`;
/**
 * Microseconds from an epoch number with `digits` decimals to a microsecond, by its text: the whole units, then the
 * first `digits` of the fraction, rounded half up on the next one as a DECIMAL cast would (which cost 16 µs a row;
 * a DOUBLE would misround some). DuckDB may work out a THEN for rows its WHEN leaves out: try_cast, so another
 * branch's digits are no error.
 */
const micros = (t: string, digits: number): string => {
  const fraction = `split_part(${t}, '.', 2)`;
  const whole = `try_cast(split_part(${t}, '.', 1) AS BIGINT) * ${10 ** digits}`;
  if (digits === 0) return `make_timestamp(${whole})`;
  return `make_timestamp(${whole} + try_cast(rpad(left(${fraction}, ${digits}), ${digits}, '0') AS BIGINT)
    + CASE WHEN substr(${fraction}, ${digits + 1}, 1) >= '5' THEN 1 ELSE 0 END)`;
};

/**
 * Every non-blank line of a JSON access log as an access stage row (the columns of access-log.ts, plus `ok`). Every
 * key in `cols` is named as VARCHAR, so a number (`"status": 200`) arrives as its text; a line that is not JSON
 * gives an all-NULL row (ignore_errors), so the rows count the lines. The request line is split as parseAccessLine
 * splits a combined line's: method up to the first space, target up to the last, query after the target's `?`.
 * Column `odd` says a row's value may have been no string or number (see mayBeNoText): without `typed`, the file
 * should then be read again with it. `keys`: those of jsonAccessColumns, or SERVER_KEYS for a server's own layout.
 */
export function jsonAccessSelect(
  file: string,
  gzip: boolean,
  lean: boolean,
  requestTime: RequestTimeUnit,
  keys: Record<JsonAccessField, string[]>,
  server: JsonAccessServer,
  typed: boolean,
): string {
  const all = Object.values(keys).flat();
  const cols: Cols = { ...keys, at: new Map(all.map((k, i) => [k, `c${i}`])) };
  const request =
    cols.request.length === 1
      ? cols.at.get(cols.request[0]!)!
      : `coalesce(${cols.request.map((k) => cols.at.get(k)!).join(', ')})`;
  return `
  WITH j AS (
    ${server === 'plain' ? keyColumns(file, gzip, all, typed) : serverColumns(file, gzip, server, all, typed)}
  ),
  a AS (
    SELECT ${field(cols, 'time')} AS t, ${request} AS req, substr(req, strpos(req, ' ') + 1) AS rest,
      ${field(cols, 'method')} AS m, ${field(cols, 'target')} AS target, ${field(cols, 'query')} AS qs,
      ${VALUES.map((f) => `${field(cols, f)} AS v_${f}`).join(', ')},
      ${durationSql(cols, requestTime)} AS d, *
    FROM j
  ),
  b AS (
    SELECT *,
      CASE WHEN req IS NULL THEN target
        WHEN NOT contains(req, ' ') THEN req
        WHEN NOT contains(rest, ' ') THEN rest
        -- (?s): a JSON string may hold a line break, which RE2's . would stop at and splitRequestLine passes over
        ELSE regexp_extract(rest, '(?s)^(.*) ', 1) END AS tg,
      -- no method (" / HTTP/1.1") or no target ("") reads -, as in an access line (access-line.ts)
      CASE WHEN req IS NULL THEN coalesce(m, '-')
        WHEN contains(req, ' ') THEN coalesce(nullif(split_part(req, ' ', 1), ''), '-') ELSE '-' END AS mth
    FROM a
  )
  SELECT
    -- via epoch micros: a TIMESTAMP in UTC, as the access-log reader gives
    coalesce(make_timestamp(epoch_us(coalesce(try_strptime(trim(t, '[]'), '%d/%b/%Y:%H:%M:%S %z'),
      CASE WHEN regexp_matches(t, '^\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d') THEN try_cast(t AS TIMESTAMPTZ) END))),
      ${epochSql('t')}) AS ts,
    mth AS "method",
    CASE WHEN contains(tg, '?') THEN split_part(tg, '?', 1) WHEN tg = '' THEN '-' ELSE tg END AS path,
    -- a query key's one leading ? left out (Apache's %q writes it), as the line reader does
    CASE WHEN contains(tg, '?') THEN substr(tg, strpos(tg, '?') + 1)
      ELSE nullif(CASE WHEN starts_with(qs, '?') THEN substr(qs, 2) ELSE qs END, '') END AS query,
    -- whole digits, a fraction of zeros allowed (STATUS_TEXT, as the line reader takes them)
    CASE WHEN regexp_full_match(v_status, '${STATUS_TEXT}') THEN try_cast(split_part(v_status, '.', 1) AS INTEGER) END AS status,
    ${lean ? 'NULL::BIGINT' : `try_cast(v_bytes AS BIGINT)`} AS bytes,
    -- a number beyond a DOUBLE (1e400, or 1e308 s in ms) is infinity: no duration, as jsonAccessDurationMs takes it
    CASE WHEN isfinite(d) THEN d END AS duration_ms,
    v_ip AS ip,
    v_ua AS ua,
    v_referer AS referer,
    v_user AS user_id,
    v_vhost AS vhost,
    ${typed ? 'FALSE' : `coalesce(${['t', 'req', 'm', 'target', 'qs', ...VALUES.filter((f) => f !== 'bytes' || !lean).map((f) => `v_${f}`)].map(mayBeNoText).join(' OR ')}, FALSE)`} AS odd
  FROM b`;
}

/**
 * The fields read as their first present value, `v_<field>`. Whether any value a row takes may be no string or
 * number is checked on these (column `odd`): only such a value can make the VARCHAR read differ from the line
 * readers, which pass it over for the field's next key. (`duration` only for that check: its unit is the key's.)
 */
const VALUES = ['status', 'bytes', 'duration', 'ip', 'ua', 'referer', 'user', 'vhost'] as const;

/**
 * The distinct keys of a JSON lines file's objects, of every line: a key first written late in the file (a logger
 * configured to log more, a second logger) is read on its lines too. Costs about a tenth of the load (0.5 s for
 * 300,000 lines, 100 MB). A line that is no object has no keys.
 */
async function keysIn(db: Db, file: string, gzip: boolean): Promise<string[]> {
  const found = await rows(
    db,
    `SELECT DISTINCT unnest(json_keys(json)) AS k FROM read_json_objects(${lit(file)}, ${readOptions(gzip)})`,
  );
  return found.map((r) => String(r.k));
}

/** Rows that are no request: no time, target or request's status (json-access-keys.ts says why, per line). */
const UNREADABLE = `ts IS NULL OR path IS NULL OR status IS NULL OR NOT ${isRequestStatusSql('status')}`;

export interface JsonAccessLoad {
  /** Rows that became requests. */
  records: number;
  /** Non-blank lines read, good or bad. */
  lines: number;
}

/**
 * Loads one JSON access log into the stage table `table`, with the columns and classify key `k` of an access log's
 * (see access-log.ts), so classification and every report treat it as one. A line without a readable time, a
 * request's status (isRequestStatus) or a request is skipped (json-access-keys.ts says why, for the samples). A
 * Caddy or Traefik log (`server`, from detection) is read by its own layout; lines of Caddy's other loggers are not
 * counted.
 * A file with a value that is no string or number where a field is read (`"http_user_agent": {"original": "x"}`)
 * is read again typed (see keyColumns), and lines DuckDB refuses but JSON.parse reads are read from a copy
 * (see refusedJsonLines); a line too long for DuckDB's reader is skipped (see readingOverlongLinesApart).
 */
export async function loadJsonAccessLog(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  lean = false,
  requestTime: RequestTimeUnit = 'auto',
  server: JsonAccessServer = 'plain',
): Promise<JsonAccessLoad> {
  return readingOverlongLinesApart(file, gzip, (from, fromGzip) =>
    loadJsonAccessLogFrom(db, from, fromGzip, { file, gzip }, table, lean, requestTime, server),
  );
}

/**
 * loadJsonAccessLog of one file as it is (`source`, or its copy without overlong lines). The first two reads of it
 * (its keys, then the table) are where a line too long for DuckDB's reader stops it, before anything is created.
 */
async function loadJsonAccessLogFrom(
  db: Db,
  file: string,
  gzip: boolean,
  source: { file: string; gzip: boolean },
  table: string,
  lean: boolean,
  requestTime: RequestTimeUnit,
  server: JsonAccessServer,
): Promise<JsonAccessLoad> {
  // A server's own layout has fixed keys; a plain log's are looked for in the whole file.
  const cols = server === 'plain' ? jsonAccessColumns(await keysIn(db, file, gzip)) : SERVER_KEYS;
  // A plain table, not TEMP: the lean `records` view reads it, and the report queries it from several connections.
  const create = (typed: boolean): string =>
    `CREATE TABLE ${table} AS SELECT *, ${CLASSIFY_KEY} AS k
    FROM (${jsonAccessSelect(file, gzip, lean, requestTime, cols, server, typed)})`;
  let lines = await count(db, create(false));
  if ((await count(db, `SELECT count(*) AS n FROM ${table} WHERE odd`)) > 0) {
    await db.conn.run(`DROP TABLE ${table}`);
    lines = await count(db, create(true));
  }
  const dropped = await count(db, `DELETE FROM ${table} WHERE ${UNREADABLE}`);
  let records = lines - dropped;
  if (dropped === 0) return { records, lines };
  /** Appends the requests of a copy of some lines: the rows it gave, and how many of them were requests. */
  const readCopy = async (copy: string): Promise<{ rows: number; requests: number }> => {
    const keys =
      server === 'plain'
        ? jsonAccessColumns([...Object.values(cols).flat(), ...(await keysIn(db, copy, false))])
        : cols;
    const scratch = `${table}_copy`;
    const read = await count(
      db,
      `CREATE TEMP TABLE ${scratch} AS SELECT *, ${CLASSIFY_KEY} AS k
      FROM (${jsonAccessSelect(copy, false, lean, requestTime, keys, server, true)})`,
    );
    const bad = await count(db, `DELETE FROM ${scratch} WHERE ${UNREADABLE}`);
    await db.conn.run(`INSERT INTO ${table} SELECT * FROM ${scratch}`);
    await db.conn.run(`DROP TABLE ${scratch}`);
    return { rows: read, requests: read - bad };
  };
  const refused = await refusedJsonLines(file, gzip);
  if (refused) {
    try {
      const read = await readCopy(refused.file);
      records += read.requests;
      // Lines of Caddy's other loggers give no row: they were counted as lines when DuckDB refused them.
      lines -= refused.lines - read.rows;
    } finally {
      refused.remove();
    }
  }
  // the original's lines: a run too long for DuckDB's reader is a stand-in in `file`
  const afterRuns = await jsonLinesAfterZeroRuns(source.file, source.gzip);
  if (afterRuns) {
    try {
      // a request after a run is one more line read: the run was counted as a line, a skipped one
      const { requests } = await readCopy(afterRuns.file);
      records += requests;
      lines += requests;
    } finally {
      afterRuns.remove();
    }
  }
  return { records, lines };
}
