import { count, lit, type Db } from '../db.js';
import { readingOverlongLinesApart } from './json-long-lines.js';
import { refusedJsonLines } from './json-refused-lines.js';
import { jsonLinesAfterZeroRuns } from './json-zero-fill.js';
import { STATUS_TEXT } from './json-access-keys.js';
import { MAX_JSON_LINE, NUMBER_TEXT } from './json-value.js';

/**
 * The schema-v1 keys insight reads; naming them stops DuckDB from sampling and guessing types. `lean` leaves out
 * the ones no report section reads (see LoadOptions.lean), so the JSON reader does not copy them out.
 */
function jsonColumns(lean: boolean): string {
  const full = (spec: string): string => (lean ? '' : spec);
  return `{
  time: 'VARCHAR', level: 'VARCHAR', ${full(`channel: 'VARCHAR', msg: 'VARCHAR', message: 'VARCHAR',`)} event: 'VARCHAR',
  request: 'STRUCT(${full('id VARCHAR,')} "method" VARCHAR, path VARCHAR, route VARCHAR, query VARCHAR, status VARCHAR,
    duration_ms VARCHAR, ${full('bytes BIGINT,')} ip VARCHAR, ua VARCHAR, referer VARCHAR, auth_required BOOLEAN)',
  client: 'STRUCT(kind VARCHAR, name VARCHAR, browser VARCHAR, os VARCHAR${full(', device VARCHAR')}, reason VARCHAR)',
  signals: 'VARCHAR[]',
  "user": 'STRUCT(id VARCHAR${full(', name VARCHAR, email VARCHAR')})',
  ${full(`session: 'VARCHAR',`)} error: 'JSON', incident: 'JSON'
}`;
}

/**
 * A status read as text, a number or a string alike, by tail's rule (record-line.ts): whole digits (STATUS_TEXT),
 * not true or 404.9, which a cast would take for 1 and 405. Digits as an INTEGER writes them (a JSON number
 * arrives so) are taken without the regular expression, which costs about five times the cast (450 against 100 ms
 * for 3 million values on one thread; a double's text takes as long as the expression, so a duration has none).
 */
function statusSql(v: string): string {
  const n = `try_cast(${v} AS INTEGER)`;
  return `CASE WHEN ${n} BETWEEN 0 AND 999999999 AND ${v} = ${n}::VARCHAR THEN ${n}
    WHEN regexp_full_match(${v}, '${STATUS_TEXT}') THEN try_cast(split_part(${v}, '.', 1) AS INTEGER) END`;
}

/** A duration read likewise: a number as JSON writes one (NUMBER_TEXT), none beyond a DOUBLE (1e400). */
function durationSql(v: string): string {
  const n = `try_cast(${v} AS DOUBLE)`;
  return `CASE WHEN regexp_full_match(${v}, '${NUMBER_TEXT}') AND isfinite(${n}) THEN ${n} END`;
}

/**
 * Every non-blank line of a JSONL file as a RECORDS_COLUMNS row. A line that is not a JSON object, or has no valid
 * time or level, still gives a row, with a NULL `ts` or `level` (DuckDB's JSON reader turns a line it cannot parse
 * into an all-NULL row when ignore_errors is on): so the rows count the lines, and loadJsonl drops those after.
 */
export function jsonlSelect(file: string, gzip: boolean, lean: boolean, src: string): string {
  const full = (expr: string): string => (lean ? 'NULL' : expr);
  return `
  WITH j AS (
    SELECT * FROM read_json(${lit(file)}, format = 'newline_delimited', ignore_errors = true,
      maximum_object_size = ${MAX_JSON_LINE}, columns = ${jsonColumns(lean)},
      compression = ${gzip ? "'gzip'" : "'uncompressed'"})
  )
  SELECT ${full(lit(src))} AS src, make_timestamp(epoch_us(try_cast(time AS TIMESTAMPTZ))) AS ts, level,
    ${full('channel')} AS channel, event, ${full('msg')} AS msg, ${full('message')} AS message,
    ${full('request.id')} AS req_id, request."method" AS "method", request.path AS path, request.route AS route,
    request.query AS query,
    ${statusSql('request.status')} AS status, ${durationSql('request.duration_ms')} AS duration_ms,
    ${full('request.bytes')} AS bytes, request.ip AS ip, request.ua AS ua, request.referer AS referer,
    request.auth_required AS auth_required, NULL AS vhost, client.kind AS kind, client.name AS client_name,
    client.browser AS browser, client.os AS os, ${full('client.device')} AS device, client.reason AS client_reason,
    coalesce(signals, []::VARCHAR[]) AS signals, "user".id AS user_id,
    ${full('"user".name')} AS user_name, ${full('"user".email')} AS user_email, ${full('session')} AS session,
    error, ${full('incident')} AS incident,
    coalesce(incident->>'fingerprint', error->>'fingerprint') AS fingerprint, incident->>'ref' AS incident_ref
  FROM j`;
}

export interface JsonlLoad {
  /** Records appended. */
  records: number;
  /** Non-blank lines read, good or bad. */
  lines: number;
}

/**
 * Appends one JSONL file's records to the stage table `table` (RECORDS_COLUMNS). The lines are counted by the same
 * read (see jsonlSelect), instead of a second pass over the file. Lines DuckDB refuses but JSON.parse reads (a
 * byte-order mark, a lone-surrogate escape) are read from a copy (see refusedJsonLines), and so are the records after
 * runs of NUL bytes (see jsonLinesAfterZeroRuns: each run stays a skipped line, as in an access log); a line too long
 * for DuckDB's reader is skipped (see readingOverlongLinesApart).
 */
export async function loadJsonl(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  lean = false,
): Promise<JsonlLoad> {
  return readingOverlongLinesApart(file, gzip, (from, fromGzip) =>
    loadJsonlFrom(db, { file: from, gzip: fromGzip }, { file, gzip }, table, lean),
  );
}

/** loadJsonl reading the lines of `from` (the file, or its copy without overlong lines), the rows named as `file`'s. */
async function loadJsonlFrom(
  db: Db,
  from: { file: string; gzip: boolean },
  source: { file: string; gzip: boolean },
  table: string,
  lean: boolean,
): Promise<JsonlLoad> {
  // the first statement, alone in failing on a line too long: nothing is left behind to read again
  const lines = await count(
    db,
    `INSERT INTO ${table} ${jsonlSelect(from.file, from.gzip, lean, source.file)}`,
  );
  const bad = await count(db, `DELETE FROM ${table} WHERE ts IS NULL OR level IS NULL`);
  if (bad === 0) return { records: lines, lines };
  /** Appends the records of a copy of some lines, returning how many. */
  const readCopy = async (copy: string): Promise<number> => {
    const read = await count(db, `INSERT INTO ${table} ${jsonlSelect(copy, false, lean, source.file)}`);
    return read - (await count(db, `DELETE FROM ${table} WHERE ts IS NULL OR level IS NULL`));
  };
  let records = lines - bad;
  const refused = await refusedJsonLines(from.file, from.gzip);
  if (refused) {
    try {
      records += await readCopy(refused.file);
    } finally {
      refused.remove();
    }
  }
  // the original's lines: a run too long for DuckDB's reader is a stand-in in `from`
  const afterRuns = await jsonLinesAfterZeroRuns(source.file, source.gzip);
  let afterRunsRead = 0;
  if (afterRuns) {
    try {
      afterRunsRead = await readCopy(afterRuns.file);
    } finally {
      afterRuns.remove();
    }
  }
  // a record after a run is one more line read: the run was counted as a line, a skipped one
  return { records: records + afterRunsRead, lines: lines + afterRunsRead };
}
