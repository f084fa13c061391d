import { count, lit, type Db } from '../db.js';
import { CLASSIFY_KEY } from './access-log.js';
import { JSON_ACCESS_KEYS, type JsonAccessField } from './json-access-keys.js';

const ALL_KEYS = [...new Set(Object.values(JSON_ACCESS_KEYS).flat())];
const q = (key: string): string => `"${key.replaceAll('"', '""')}"`;

/** The first of a field's keys with a value; `-` and `""` are a server's "none". */
function field(f: JsonAccessField): string {
  const keys = JSON_ACCESS_KEYS[f].map((k) => `nullif(nullif(${q(k)}, '-'), '')`);
  return keys.length === 1 ? keys[0]! : `coalesce(${keys.join(', ')})`;
}

/** Leading number of a text such as `0.012, 0.003` (Nginx's upstream times after a retry). */
const seconds = (text: string): string =>
  `try_cast(nullif(regexp_extract(${text}, '^\\s*(\\d+(?:\\.\\d+)?)', 1), '') AS DOUBLE)`;

/**
 * Every non-blank line of a JSON access log as an access stage row (the columns of access-log.ts, plus `ok`). Every
 * recognised key is named as VARCHAR, so a number (`"status": 200`) arrives as its text; a line that is not JSON
 * gives an all-NULL row (ignore_errors), so the rows count the lines. The request line is split as parseAccessLine
 * splits a combined line's: method up to the first space, target up to the last, query after the target's `?`.
 */
export function jsonAccessSelect(file: string, gzip: boolean, lean = false): string {
  return `
  WITH j AS (
    SELECT * FROM read_json(${lit(file)}, format = 'newline_delimited', ignore_errors = true,
      maximum_object_size = 16777216, columns = {${ALL_KEYS.map((k) => `${lit(k)}: 'VARCHAR'`).join(', ')}},
      compression = ${gzip ? "'gzip'" : "'uncompressed'"})
  ),
  a AS (
    SELECT ${field('time')} AS t, "request" AS req, substr("request", strpos("request", ' ') + 1) AS rest,
      ${field('method')} AS m, ${field('target')} AS target, ${field('query')} AS qs, *
    FROM j
  ),
  b AS (
    SELECT *,
      CASE WHEN req IS NULL THEN target
        WHEN NOT contains(req, ' ') THEN req
        WHEN NOT contains(rest, ' ') THEN rest
        ELSE regexp_extract(rest, '^(.*) ', 1) END AS tg,
      CASE WHEN req IS NULL THEN m WHEN contains(req, ' ') THEN split_part(req, ' ', 1) ELSE '-' END AS mth
    FROM a
  )
  SELECT
    -- via epoch micros: a TIMESTAMP in UTC, as the access-log reader gives
    make_timestamp(epoch_us(coalesce(try_strptime(trim(t, '[]'), '%d/%b/%Y:%H:%M:%S %z'),
      CASE WHEN regexp_matches(t, '^\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d') THEN try_cast(t AS TIMESTAMPTZ) END))) AS ts,
    mth AS "method",
    CASE WHEN contains(tg, '?') THEN split_part(tg, '?', 1) ELSE tg END AS path,
    CASE WHEN contains(tg, '?') THEN substr(tg, strpos(tg, '?') + 1) ELSE nullif(ltrim(qs, '?'), '') END AS query,
    try_cast(${field('status')} AS INTEGER) AS status,
    ${lean ? 'NULL::BIGINT' : `try_cast(${field('bytes')} AS BIGINT)`} AS bytes,
    ${seconds(field('seconds'))} * 1000 AS duration_ms,
    ${field('ip')} AS ip,
    ${field('ua')} AS ua,
    ${field('referer')} AS referer,
    ${field('user')} AS user_id,
    ${field('vhost')} AS vhost
  FROM b`;
}

export interface JsonAccessLoad {
  /** Rows that became requests. */
  records: number;
  /** Non-blank lines read, good or bad. */
  lines: number;
}

/**
 * Loads one JSON access log into the stage table `table`, with the columns and classify key `k` of an access log's
 * (see access-log.ts), so classification and every report treat it as one. A line without a readable time, a
 * status from 100 to 599 or a request is skipped (json-access-keys.ts says why, for the samples).
 */
export async function loadJsonAccessLog(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  lean = false,
): Promise<JsonAccessLoad> {
  // A plain table, not TEMP: the lean `records` view reads it, and the report queries it from several connections.
  const lines = await count(
    db,
    `CREATE TABLE ${table} AS SELECT *, ${CLASSIFY_KEY} AS k
    FROM (${jsonAccessSelect(file, gzip, lean)})`,
  );
  await db.conn.run(`DELETE FROM ${table}
    WHERE ts IS NULL OR path IS NULL OR status IS NULL OR status NOT BETWEEN 100 AND 599`);
  return { records: await count(db, `SELECT count(*) AS n FROM ${table}`), lines };
}
