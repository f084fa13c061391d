import { lit, rows, type Db } from '../db.js';

/** The classification key of a row: rows equal on these fields get the same answer from @logbook/traffic. */
export const CLASSIFY_KEY = `hash("method", path, query, status, ua)`;

/**
 * How many `"`-separated fields the fast reader keeps. A combined line has 7, one with a quoted X-Forwarded-For 9;
 * escaped quotes add one each. A line with more fills the last column and makes the whole file take the line path.
 */
const FIELDS = 12;
const F = Array.from({ length: FIELDS }, (_, i) => `f${i + 1}`);

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** `17/May/2015:10:05:03 +0000`: the only time form the fast path trusts strptime with. */
const FAST_TIME = `\\d\\d/(?:${MONTHS})/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}`;

/**
 * DuckDB's C++ CSV reader splits each line at every `"` (no quoting, so a line is always one row and a truncated
 * line cannot swallow the next). `nullstr` is a newline, which can never be a field, so an absent field (NULL) is
 * told apart from an empty one and the line can be rebuilt exactly from its fields.
 */
function fieldReader(file: string, gzip: boolean, rejects: string): string {
  return `read_csv(${lit(file)}, columns = {${F.map((f) => `'${f}': 'VARCHAR'`).join(', ')}}, header = false,
    delim = '"', quote = '', escape = '', nullstr = E'\\n', null_padding = true, auto_detect = false,
    strict_mode = false, ignore_errors = true, store_rejects = true, rejects_table = ${lit(rejects)},
    rejects_scan = ${lit(`${rejects}_scan`)}, max_line_size = 1048576, compression = ${gzip ? "'gzip'" : "'none'"})`;
}

/** Whole lines, for files whose lines have more quotes than the field reader keeps. */
function lineReader(file: string, gzip: boolean): string {
  return `read_csv(${lit(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x1f', quote = '',
    escape = '', nullstr = E'\\n', auto_detect = false, strict_mode = false, ignore_errors = true,
    max_line_size = 1048576, compression = ${gzip ? "'gzip'" : "'none'"})`;
}

/**
 * The fast path: a line of the plain combined shape (7 fields, no escaped quote, a time strptime can read) is
 * split with the same string functions lineSelect uses, minus its lists; any other line keeps its text in `line`
 * for lineSelect, and its other columns are ignored. For lines of that shape the result equals lineSelect's.
 */
export function fieldSelect(file: string, gzip: boolean, rejects: string): string {
  const esc = ['f1', 'f2', 'f4', 'f5', 'f6'].map((f) => `suffix(${f}, '\\')`).join(' OR ');
  return `
  WITH a AS (
    SELECT *, strpos(f1, ' [') AS br, trim(f3) AS mid, strpos(f2, ' ') AS s1
    FROM ${fieldReader(file, gzip, rejects)}
    WHERE f2 IS NOT NULL OR trim(f1, E' \\t\\r') <> ''
  ),
  b AS (SELECT *, f1[1:br - 1] AS head, substr(f1, br + 2, 26) AS t FROM a),
  c AS (
    SELECT *, length(head) - length(replace(head, ' ', '')) AS sp,
      CASE WHEN s1 = 0 THEN f2 ELSE split_part(f2, ' ', 2) END AS target,
      -- via epoch micros: the same UTC instant, and twice as fast as a TIMESTAMPTZ -> TIMESTAMP cast
      make_timestamp(epoch_us(try_strptime(t, '%d/%b/%Y:%H:%M:%S %z'))) AS tsv
    FROM b
  ),
  d AS (
    SELECT *, coalesce(f7 = '' AND f8 IS NULL AND br > 0 AND sp BETWEEN 2 AND 3 AND tsv IS NOT NULL
      AND NOT (${esc}) AND regexp_full_match(t, '${FAST_TIME}'), FALSE) AS fast
    FROM c
  )
  SELECT
    tsv AS ts,
    CASE WHEN s1 = 0 THEN '-' ELSE split_part(f2, ' ', 1) END AS "method",
    split_part(target, '?', 1) AS path,
    CASE WHEN strpos(target, '?') > 0 THEN substr(target, strpos(target, '?') + 1) END AS query,
    try_cast(split_part(mid, ' ', 1) AS INTEGER) AS status,
    try_cast(split_part(mid, ' ', 2) AS BIGINT) AS bytes,
    split_part(head, ' ', sp - 1) AS ip,
    CASE WHEN f6 NOT IN ('-', '') THEN f6 END AS ua,
    CASE WHEN f4 NOT IN ('-', '') THEN f4 END AS referer,
    nullif(split_part(head, ' ', sp + 1), '-') AS user_id,
    CASE WHEN sp = 3 THEN split_part(head, ' ', 1) END AS vhost,
    CASE WHEN NOT fast THEN concat_ws('"', ${F.join(', ')}) END AS line,
    f${FIELDS} IS NOT NULL AS overflow
  FROM d`;
}

/**
 * Any access-log line (common or combined, optional vhost, trailing fields, `\"` inside quoted fields) from a
 * relation with a `line` column into stage columns, with plain string functions — the grammar of parseAccessLine
 * without regular expressions. An escaped quote (\") is swapped for \x01 before splitting on quotes and restored
 * after.
 */
export function lineSelect(from: string): string {
  return `
  WITH l AS (SELECT string_split(replace(line, '\\"', chr(1)), '"') AS p FROM ${from}),
  a AS (
    SELECT p, len(p) AS np, p[1] AS pre, strpos(p[1], ' [') AS br,
      trim(p[3]) AS mid, replace(p[2], chr(1), '"') AS request FROM l
  ),
  b AS (
    SELECT *, string_split(pre[1:br - 1], ' ') AS head, substr(pre, br + 2, 26) AS t,
      strpos(request, ' ') AS s1 FROM a
  ),
  c AS (
    SELECT *,
      CASE WHEN s1 = 0 THEN request ELSE split_part(request, ' ', 2) END AS target,
      try_cast(split_part(mid, ' ', 1) AS INTEGER) AS st,
      try(make_timestamp(
        try_cast(substr(t, 8, 4) AS BIGINT),
        (strpos('JanFebMarAprMayJunJulAugSepOctNovDec', substr(t, 4, 3)) + 2) // 3,
        try_cast(substr(t, 1, 2) AS BIGINT), try_cast(substr(t, 13, 2) AS BIGINT),
        try_cast(substr(t, 16, 2) AS BIGINT), try_cast(substr(t, 19, 2) AS DOUBLE)
      ) - to_minutes(
        (CASE substr(t, 22, 1) WHEN '-' THEN -1 ELSE 1 END) *
        (try_cast(substr(t, 23, 2) AS BIGINT) * 60 + try_cast(substr(t, 25, 2) AS BIGINT))
      )) AS tsv
    FROM b
    WHERE br > 0 AND len(head) BETWEEN 3 AND 4 AND substr(t, 3, 1) = '/'
      AND strpos('JanFebMarAprMayJunJulAugSepOctNovDec', substr(t, 4, 3)) > 0
      AND (np = 3 OR (np >= 7 AND np % 2 = 1))
  )
  SELECT
    tsv AS ts,
    CASE WHEN s1 = 0 THEN '-' ELSE split_part(request, ' ', 1) END AS "method",
    split_part(target, '?', 1) AS path,
    CASE WHEN strpos(target, '?') > 0 THEN substr(target, strpos(target, '?') + 1) END AS query,
    st AS status,
    try_cast(split_part(mid, ' ', 2) AS BIGINT) AS bytes,
    head[len(head) - 2] AS ip,
    CASE WHEN np >= 7 AND p[6] NOT IN ('-', '') THEN replace(p[6], chr(1), '"') END AS ua,
    CASE WHEN np >= 7 AND p[4] NOT IN ('-', '') THEN replace(p[4], chr(1), '"') END AS referer,
    CASE WHEN head[len(head)] <> '-' THEN head[len(head)] END AS user_id,
    CASE WHEN len(head) = 4 THEN head[1] END AS vhost
  FROM c
  WHERE st BETWEEN 100 AND 599 AND tsv IS NOT NULL`;
}

export interface AccessLoad {
  /** Rows that became requests. */
  records: number;
  /** Non-blank lines read, good or bad. */
  lines: number;
}

/** The first row's `n` (or a CREATE/INSERT statement's `Count`). */
const count = async (db: Db, sql: string): Promise<number> => {
  const r = (await rows(db, sql))[0];
  return Number(r?.n ?? r?.Count ?? 0);
};

/**
 * Loads one access log into the stage table `table` (ACCESS_STAGE_COLUMNS plus the rebuilt `line` of lines the
 * fast path left, which are parsed by lineSelect and then dropped). Lines DuckDB cannot read at all (invalid UTF-8,
 * longer than 1 MB) are counted from its rejects table.
 */
export async function loadAccessLog(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  timing: (stage: string) => void = () => undefined,
): Promise<AccessLoad> {
  const rejects = `${table}_rej`;
  const cols = `ts, "method", path, query, status, bytes, ip, ua, referer, user_id, vhost`;
  let lines = await count(
    db,
    `CREATE TEMP TABLE ${table} AS SELECT * EXCLUDE (overflow), CASE WHEN line IS NULL THEN ${CLASSIFY_KEY} END AS k,
      overflow FROM (${fieldSelect(file, gzip, rejects)})`,
  );
  timing('access: read and split');
  const overflow = await count(db, `SELECT count(*) AS n FROM ${table} WHERE overflow`);
  if (overflow > 0) {
    // Lines with more quotes than the field reader keeps: read this file line by line instead.
    await db.conn.run(`DELETE FROM ${table}`);
    await db.conn.run(`INSERT INTO ${table} (line) SELECT line FROM ${lineReader(file, gzip)}
      WHERE trim(line, E' \\t\\r') <> ''`);
    lines = await count(db, `SELECT count(*) AS n FROM ${table}`);
  }
  await db.conn.run(`INSERT INTO ${table} (${cols}, k)
    SELECT ${cols}, ${CLASSIFY_KEY} FROM (${lineSelect(`(SELECT line FROM ${table} WHERE line IS NOT NULL)`)})`);
  timing('access: other lines');
  await db.conn.run(
    `DELETE FROM ${table} WHERE line IS NOT NULL OR ts IS NULL OR NOT status BETWEEN 100 AND 599`,
  );
  lines += await count(db, `SELECT count(DISTINCT line) AS n FROM ${rejects}`).catch(() => 0);
  await db.conn.run(`DROP TABLE IF EXISTS ${rejects}`);
  await db.conn.run(`DROP TABLE IF EXISTS ${rejects}_scan`);
  return { records: await count(db, `SELECT count(*) AS n FROM ${table}`), lines };
}
