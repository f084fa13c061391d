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
/** `17/May/2015:10:05:03 +0000` with every field in range except the day of the month, which strptime checks. */
const TIME = String.raw`\d\d/(?:${MONTHS})/\d{4}:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d\d[0-5]\d`;
/**
 * The part before the request's opening quote: `[vhost] ip ident user [time] `. Tokens after the first may not
 * start with `[`, so the ` [` parseAccessLine looks for first is the one before the time.
 */
const HEAD = String.raw`^[^ ]+ [^ \[][^ ]* [^ \[][^ ]* (?:[^ \[][^ ]* )?\[${TIME}\] $`;
/**
 * The head's tokens, from a head that matched HEAD: d is empty without a vhost. Only the start is captured, and at
 * the fourth token the next byte says whether it is a token or the time, so RE2 extracts in one cheap pass;
 * capturing to the end of the line as well costs four times as much.
 */
const TOKENS = String.raw`^([^ ]+) ([^ ]+) ([^ ]+) (?:([^ \[][^ ]*) )?\[`;
/** `METHOD target PROTOCOL` with exactly two spaces: then parseAccessLine's target is the middle token. */
const REQUEST = String.raw`^([^ ?]+) ([^ ?]*)(\?[^ ]*)? [^ ?\\]+$`;
/** ` status bytes ` between the request and the referer. */
const STATUS = String.raw`^ [1-5]\d\d (?:\d{1,15}|-) $`;

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
 * The fast path, for the plain combined shape (optional vhost, 7 fields, no escaped quote, a request of exactly
 * three words, numeric status and bytes): each part is checked by one RE2 pattern, which also cuts the head into
 * its tokens, and the time is read by strptime. For such a line the result equals parseAccessLine's. Any other
 * line keeps its text in `line` for lineSelect, and its other columns are ignored.
 */
export function fieldSelect(file: string, gzip: boolean, rejects: string, lean = false): string {
  return `
  WITH a AS (
    SELECT *, regexp_full_match(f1, '${HEAD}') AS head_ok, regexp_extract(f1, '${TOKENS}', ['a', 'b', 'c', 'd']) AS h,
      regexp_extract(f2, '${REQUEST}', ['m', 'p', 'q']) AS r
    FROM ${fieldReader(file, gzip, rejects)}
    WHERE f2 IS NOT NULL OR trim(f1, E' \\t\\r') <> ''
  ),
  b AS (
    -- via epoch micros: the same UTC instant, and twice as fast as a TIMESTAMPTZ -> TIMESTAMP cast
    SELECT *, make_timestamp(epoch_us(try_strptime(f1[-28:-3], '%d/%b/%Y:%H:%M:%S %z'))) AS tsv, h.d <> '' AS v
    FROM a
  )
  SELECT
    tsv AS ts,
    r.m AS "method",
    r.p AS path,
    CASE WHEN r.q <> '' THEN r.q[2:] END AS query,
    try_cast(f3[2:4] AS INTEGER) AS status,
    ${lean ? 'NULL::BIGINT' : 'try_cast(f3[6:-2] AS BIGINT)'} AS bytes,
    CASE WHEN v THEN h.b ELSE h.a END AS ip,
    CASE WHEN f6 NOT IN ('-', '') THEN f6 END AS ua,
    CASE WHEN f4 NOT IN ('-', '') THEN f4 END AS referer,
    nullif(CASE WHEN v THEN h.d ELSE h.c END, '-') AS user_id,
    CASE WHEN v THEN h.a END AS vhost,
    CASE WHEN NOT coalesce(f7 = '' AND f8 IS NULL AND head_ok AND r.m <> '' AND tsv IS NOT NULL
      AND regexp_full_match(f3, '${STATUS}') AND NOT suffix(f4, '\\') AND NOT suffix(f6, '\\'), FALSE)
      THEN concat_ws('"', ${F.join(', ')}) END AS line,
    f${FIELDS} IS NOT NULL AS overflow
  FROM b`;
}

/**
 * Any access-log line (common or combined, optional vhost, trailing fields, `\"` inside quoted fields) from a
 * relation with a `line` column into stage columns (and `line` itself), with plain string functions — the grammar of parseAccessLine
 * without regular expressions. An escaped quote (\") is swapped for \x01 before splitting on quotes and restored
 * after.
 */
export function lineSelect(from: string): string {
  return `
  WITH l AS (SELECT line, string_split(replace(line, '\\"', chr(1)), '"') AS p FROM ${from}),
  a AS (
    SELECT line, p, len(p) AS np, p[1] AS pre, strpos(p[1], ' [') AS br,
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
    CASE WHEN len(head) = 4 THEN head[1] END AS vhost,
    line
  FROM c
  WHERE st BETWEEN 100 AND 599 AND tsv IS NOT NULL`;
}

export interface AccessLoad {
  /** Rows that became requests. */
  records: number;
  /** Non-blank lines read, good or bad. */
  lines: number;
  /**
   * The distinct texts of the lines DuckDB read but that are not access-log lines, so that the first few can be
   * found by text instead of parsing every line again; undefined when there are more than BAD_TEXTS of them.
   */
  badTexts?: string[];
}

/** More bad lines than this, and finding the first few by parsing each line is cheaper than matching texts. */
const BAD_TEXTS = 10_000;

/** The first row's `n` (or a CREATE/INSERT statement's `Count`). */
const count = async (db: Db, sql: string): Promise<number> => {
  const r = (await rows(db, sql))[0];
  return Number(r?.n ?? r?.Count ?? 0);
};

/**
 * Loads one access log into the stage table `table` (the fieldSelect columns and `k`). Lines the fast path leaves
 * are parsed by lineSelect; lines DuckDB cannot read at all (invalid UTF-8, longer than 1 MB) are counted from its
 * rejects table. With `lean` the response size is not read (see LoadOptions.lean).
 */
export async function loadAccessLog(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  timing: (stage: string) => void = () => undefined,
  lean = false,
): Promise<AccessLoad> {
  const rejects = `${table}_rej`;
  const other = `${table}_other`;
  const cols = `ts, "method", path, query, status, bytes, ip, ua, referer, user_id, vhost`;
  let lines = await count(
    db,
    `CREATE TEMP TABLE ${table} AS SELECT * EXCLUDE (overflow), CASE WHEN line IS NULL THEN ${CLASSIFY_KEY} END AS k,
      overflow FROM (${fieldSelect(file, gzip, rejects, lean)})`,
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
  await db.conn.run(`CREATE TEMP TABLE ${other} AS
    ${lineSelect(`(SELECT line FROM ${table} WHERE line IS NOT NULL)`)}`);
  await db.conn.run(`INSERT INTO ${table} (${cols}, k) SELECT ${cols}, ${CLASSIFY_KEY} FROM ${other}`);
  const bad = await rows(
    db,
    `SELECT DISTINCT line FROM ${table} t WHERE line IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM ${other} o WHERE o.line = t.line) LIMIT ${BAD_TEXTS + 1}`,
  );
  await db.conn.run(`DROP TABLE ${other}`);
  timing('access: other lines');
  await db.conn.run(`DELETE FROM ${table} WHERE line IS NOT NULL`);
  lines += await count(db, `SELECT count(DISTINCT line) AS n FROM ${rejects}`).catch(() => 0);
  await db.conn.run(`DROP TABLE IF EXISTS ${rejects}`);
  await db.conn.run(`DROP TABLE IF EXISTS ${rejects}_scan`);
  return {
    records: await count(db, `SELECT count(*) AS n FROM ${table}`),
    lines,
    ...(bad.length <= BAD_TEXTS ? { badTexts: bad.map((r) => String(r.line)) } : {}),
  };
}
