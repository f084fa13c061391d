import { lit, rows, type Db } from '../db.js';

/**
 * SQL that turns an access log into stage rows inside DuckDB: DuckDB reads the lines in parallel (gzip included),
 * and plain string functions split them — the same grammar as parseAccessLine, without regular expressions.
 * An escaped quote (\") is swapped for \x01 before splitting on quotes and restored after.
 */
export function accessLogSelect(file: string): string {
  const lines = `read_csv(${lit(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x1f', quote = '',
    escape = '', auto_detect = false, ignore_errors = true, max_line_size = 1048576, new_line = '\\n')`;
  return `
  WITH l AS (SELECT string_split(replace(line, '\\"', chr(1)), '"') AS p FROM ${lines}),
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
      make_timestamp(
        try_cast(substr(t, 8, 4) AS BIGINT),
        (strpos('JanFebMarAprMayJunJulAugSepOctNovDec', substr(t, 4, 3)) + 2) // 3,
        try_cast(substr(t, 1, 2) AS BIGINT), try_cast(substr(t, 13, 2) AS BIGINT),
        try_cast(substr(t, 16, 2) AS BIGINT), try_cast(substr(t, 19, 2) AS DOUBLE)
      ) - to_minutes(
        (CASE substr(t, 22, 1) WHEN '-' THEN -1 ELSE 1 END) *
        (try_cast(substr(t, 23, 2) AS BIGINT) * 60 + try_cast(substr(t, 25, 2) AS BIGINT))
      ) AS tsv
    FROM b
    WHERE br > 0 AND len(head) BETWEEN 3 AND 4 AND substr(t, 3, 1) = '/'
      AND strpos('JanFebMarAprMayJunJulAugSepOctNovDec', substr(t, 4, 3)) > 0
      AND (np = 3 OR (np >= 7 AND np % 2 = 1))
  )
  SELECT
    ${lit(file)} AS src, tsv AS ts, 'INFO' AS level, 'http' AS channel, 'http.request' AS event,
    NULL AS msg, NULL AS message, NULL AS req_id,
    CASE WHEN s1 = 0 THEN '-' ELSE split_part(request, ' ', 1) END AS "method",
    split_part(target, '?', 1) AS path, NULL AS route,
    CASE WHEN strpos(target, '?') > 0 THEN substr(target, strpos(target, '?') + 1) END AS query,
    st AS status, NULL AS duration_ms,
    try_cast(split_part(mid, ' ', 2) AS BIGINT) AS bytes,
    head[len(head) - 2] AS ip,
    CASE WHEN np >= 7 AND p[6] NOT IN ('-', '') THEN replace(p[6], chr(1), '"') END AS ua,
    CASE WHEN np >= 7 AND p[4] NOT IN ('-', '') THEN replace(p[4], chr(1), '"') END AS referer,
    NULL AS auth_required,
    CASE WHEN len(head) = 4 THEN head[1] END AS vhost,
    NULL AS kind, NULL AS client_name, NULL AS browser, NULL AS os, NULL AS device, NULL AS signals,
    CASE WHEN head[len(head)] <> '-' THEN head[len(head)] END AS user_id,
    NULL AS user_name, NULL AS user_email, NULL AS session, NULL AS error, NULL AS incident,
    NULL AS fingerprint, NULL AS incident_ref
  FROM c
  WHERE st BETWEEN 100 AND 599 AND tsv IS NOT NULL`;
}

/** Loads one access log into `stage`; returns the number of rows it gave. */
export async function loadAccessLog(db: Db, file: string): Promise<number> {
  const r = await rows(db, `INSERT INTO stage ${accessLogSelect(file)}`);
  return Number((r[0] as { Count?: unknown } | undefined)?.Count ?? 0);
}
