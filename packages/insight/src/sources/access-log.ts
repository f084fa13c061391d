import { isUtf8 } from 'node:buffer';
import { count, lit, rows, type Db } from '../db.js';
import { splitAccessLine, zeroFillLength } from './access-line.js';
import { hasLoneCr, isBlank } from './line-scan.js';
import { boundedLines, isLongLine } from './bounded-lines.js';
import { linesAfterZeroRuns } from './zero-fill.js';
import { forwardedClient, forwardedClientSql } from './forwarded-client.js';
import { requestTimeMs, requestTimeMsSql, requestTimeTextSql, type RequestTimeUnit } from './request-time.js';

/**
 * The longest access line read, in bytes, a CR before its line feed not counted. DuckDB's max_line_size is one more:
 * it refuses a line as long as its limit (and, in a file of CRLF line ends, counts the CR).
 */
const MAX_LINE = 1024 * 1024;

/** The classification key of a row: rows equal on these fields get the same answer from @logbook/traffic. */
export const CLASSIFY_KEY = `hash("method", path, query, status, ua)`;

/**
 * How many `"`-separated fields the fast reader keeps. A combined line has 7, one with a quoted X-Forwarded-For 9,
 * Nginx's `rt=0.050 uct="0.000" uht="0.049" urt="0.049"` after it 15; escaped quotes add one each. A line with more
 * loses its last fields (DuckDB drops them), so such lines are read again whole (see loadAccessLog).
 */
const FIELDS = 16;
const F = Array.from({ length: FIELDS }, (_, i) => `f${i + 1}`);

/**
 * From field `i` (a quoted one, after the user agent) on: the line ends after an unquoted field (an odd count of
 * fields, so every quote is closed), and no quoted field ends in `\`, which parseAccessLine reads as an escaped quote.
 * Field FIELDS is only set on overflow lines, which are read again anyway.
 */
function closedFrom(i: number): string {
  if (i >= FIELDS) return 'TRUE';
  return `(f${i} IS NULL OR (f${i + 1} IS NOT NULL AND NOT suffix(f${i}, '\\') AND ${closedFrom(i + 2)}))`;
}

/**
 * The text after the user agent, or after a quoted X-Forwarded-For (a quoted field after nothing but blanks), as
 * parseAccessLine's `trailing`, quotes included (see request-time.ts).
 */
const TRAILING = `CASE WHEN f8 IS NULL THEN f7
  WHEN trim(f7, E' \\t') = '' THEN concat_ws('"', ${F.slice(8, FIELDS - 1).join(', ')})
  ELSE concat_ws('"', ${F.slice(6, FIELDS - 1).join(', ')}) END`;

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** `17/May/2015:10:05:03 +0000` with every field in range except the day of the month, which strptime checks. */
const TIME = String.raw`\d\d/(?:${MONTHS})/\d{4}:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d\d[0-5]\d`;
/**
 * The part before the request's opening quote: `[vhost] ip ident user [time] `. Tokens after the first may not
 * start with `[`, so the ` [` parseAccessLine looks for first is the one before the time (a bracketed IPv6 client
 * after a vhost, `shop.example [2001:db8::4] - -`, is left to parseAccessLine). So is a line that starts with a
 * byte-order mark (files saved with one and joined with `cat`: DuckDB passes over only the one that starts the
 * file): parseOtherLines leaves the marks out. Taking them out here instead cost RE2 about 10% of this read. So is a
 * line led by NUL bytes, the zero-fill a crash can leave, which parseOtherLines counts as a bad line of its own before
 * the request after it.
 */
const HEAD = String.raw`^[^ \x{FEFF}\x{0}][^ ]* [^ \[][^ ]* [^ \[][^ ]* (?:[^ \[][^ ]* )?\[${TIME}\] $`;
/**
 * The head's tokens, from a head that matched HEAD: d is empty without a vhost. Only the start is captured, and at
 * the fourth token the next byte says whether it is a token or the time, so RE2 extracts in one cheap pass;
 * capturing to the end of the line as well costs four times as much.
 */
const TOKENS = String.raw`^([^ ]+) ([^ ]+) ([^ ]+) (?:([^ \[][^ ]*) )?\[`;
/**
 * `METHOD target PROTOCOL` with exactly two spaces and a path: then parseAccessLine's target is the middle token (a
 * request without a path is left to it).
 */
const REQUEST = String.raw`^([^ ?]+) ([^ ?]+)(\?[^ ]*)? [^ ?\\]+$`;
/**
 * ` status bytes ` between the request and the referer (no trailing space at the end of a common-format line); the
 * status from 100 to 599, or Nginx's 000 and 009 (see access-line.ts).
 */
const STATUS = String.raw`^ (?:[1-5]\d\d|00[09]) (?:\d{1,15}|-) ?$`;

/**
 * DuckDB's C++ CSV reader splits each line at every `"` (no quoting, so a line is always one row and a truncated
 * line cannot swallow the next). `nullstr` is a newline, which can never be a field, so an absent field (NULL) is
 * told apart from an empty one and the line can be rebuilt exactly from its fields.
 */
function fieldReader(file: string, gzip: boolean, rejects: string): string {
  return `read_csv(${lit(file)}, columns = {${F.map((f) => `'${f}': 'VARCHAR'`).join(', ')}}, header = false,
    delim = '"', quote = '', escape = '', nullstr = E'\\n', null_padding = true, auto_detect = false,
    strict_mode = false, ignore_errors = true, store_rejects = true, rejects_table = ${lit(rejects)},
    rejects_scan = ${lit(`${rejects}_scan`)}, max_line_size = ${MAX_LINE + 1}, compression = ${gzip ? "'gzip'" : "'none'"})`;
}

/**
 * Whole lines, for the lines that have more quotes than the field reader keeps. The delimiter is four control bytes
 * in a row, which no log line holds by accident; a single byte such as 0x1f would cut a line that contains it.
 */
function lineReader(file: string, gzip: boolean): string {
  return `read_csv(${lit(file)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x1f\\x1e\\x1d\\x1c', quote = '',
    escape = '', nullstr = E'\\n', auto_detect = false, strict_mode = false, ignore_errors = true,
    max_line_size = ${MAX_LINE + 1}, compression = ${gzip ? "'gzip'" : "'none'"})`;
}

/**
 * The fast path, for the plain common and combined shapes (optional vhost, optional quoted X-Forwarded-For after the
 * user agent, any unquoted fields after those such as a request time, no escaped quote, a request of exactly three
 * words, numeric status and bytes; a head of four tokens whose second is `-` is a user name with a space, left to the
 * parser): each part is checked by one RE2 pattern, which also cuts the head into its tokens, and the time is read
 * by strptime. For such a line the result equals parseAccessLine's. Any other line keeps its text in `line` for
 * parseAccessLine (see parseOtherLines), and its other columns are ignored.
 */
export function fieldSelect(
  file: string,
  gzip: boolean,
  rejects: string,
  lean = false,
  requestTime: RequestTimeUnit = 'auto',
): string {
  return `
  WITH a AS (
    SELECT *, regexp_full_match(f1, '${HEAD}') AS head_ok, regexp_extract(f1, '${TOKENS}', ['a', 'b', 'c', 'd']) AS h,
      regexp_extract(f2, '${REQUEST}', ['m', 'p', 'q']) AS r
    FROM ${fieldReader(file, gzip, rejects)}
    WHERE f2 IS NOT NULL OR trim(f1, E' \\t\\r') <> ''
  ),
  b AS (
    -- via epoch micros: the same UTC instant, and twice as fast as a TIMESTAMPTZ -> TIMESTAMP cast
    SELECT *, make_timestamp(epoch_us(try_strptime(f1[-28:-3], '%d/%b/%Y:%H:%M:%S %z'))) AS tsv, h.d <> '' AS v,
      ${requestTimeTextSql(TRAILING, requestTime)} AS rt,
      -- a quoted field right after the user agent is X-Forwarded-For, as in splitAccessLine
      CASE WHEN f8 IS NOT NULL AND trim(f7, E' \t') = '' AND f8 <> '-' THEN f8 END AS xff
    FROM a
  ),
  c AS (
    SELECT *,
      -- a bracketed first token (\`[2001:db8::4]\`) without its brackets, as unbracketed() in parseAccessLine
      CASE WHEN v THEN h.b WHEN length(h.a) > 2 AND starts_with(h.a, '[') AND suffix(h.a, ']') THEN h.a[2:-2]
        ELSE h.a END AS peer
    FROM b
  )
  SELECT
    tsv AS ts,
    r.m AS "method",
    r.p AS path,
    CASE WHEN r.q <> '' THEN r.q[2:] END AS query,
    try_cast(f3[2:4] AS INTEGER) AS status,
    ${lean ? 'NULL::BIGINT' : `try_cast(rtrim(f3[6:]) AS BIGINT)`} AS bytes,
    ${requestTimeMsSql('rt', requestTime)} AS duration_ms,
    ${forwardedClientSql('peer', 'xff')} AS ip,
    CASE WHEN f6 NOT IN ('-', '') THEN f6 END AS ua,
    CASE WHEN f4 NOT IN ('-', '') THEN f4 END AS referer,
    nullif(CASE WHEN v THEN h.d ELSE h.c END, '-') AS user_id,
    CASE WHEN v THEN h.a END AS vhost,
    CASE WHEN NOT coalesce((f4 IS NULL
        OR (f7 IS NOT NULL AND NOT suffix(f4, '\\') AND NOT suffix(f6, '\\') AND ${closedFrom(8)}))
      AND head_ok AND (NOT v OR h.b <> '-') AND r.m <> '' AND tsv IS NOT NULL
      AND regexp_full_match(f3, '${STATUS}'), FALSE)
      THEN concat_ws('"', ${F.join(', ')}) END AS line,
    f${FIELDS} IS NOT NULL AS overflow
  FROM c`;
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

/**
 * Loads one access log into the stage table `table` (the fieldSelect columns and `k`). Lines the fast path leaves
 * are parsed by parseAccessLine; lines DuckDB cannot read at all (invalid UTF-8, longer than 1 MB) are counted from its
 * rejects table. With `lean` the response size is not read (see LoadOptions.lean).
 */
export async function loadAccessLog(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  timing: (stage: string) => void = () => undefined,
  lean = false,
  requestTime: RequestTimeUnit = 'auto',
): Promise<AccessLoad> {
  const rejects = `${table}_rej`;
  const cols = `ts, "method", path, query, status, bytes, duration_ms, ip, ua, referer, user_id, vhost`;
  // A plain table, not TEMP: the lean `records` view reads it, and the report queries it from several connections.
  let lines = await count(
    db,
    `CREATE TABLE ${table} AS SELECT * EXCLUDE (overflow), CASE WHEN line IS NULL THEN ${CLASSIFY_KEY} END AS k,
      overflow FROM (${fieldSelect(file, gzip, rejects, lean, requestTime)})`,
  );
  timing('access: read and split');
  const overflow = await count(db, `SELECT count(*) AS n FROM ${table} WHERE overflow`);
  if (overflow > 0) await rereadOverflow(db, file, gzip, table);
  await readAfterLongZeroRuns(db, file, gzip, table, rejects);
  let { bad, zeroFilled } = await parseOtherLines(db, table, cols, requestTime);
  lines += zeroFilled;
  timing('access: other lines');
  await db.conn.run(`DELETE FROM ${table} WHERE line IS NOT NULL`);
  const rejected = await count(db, `SELECT count(DISTINCT line) AS n FROM ${rejects}`).catch(() => 0);
  lines += rejected;
  await db.conn.run(`DROP TABLE IF EXISTS ${rejects}`);
  await db.conn.run(`DROP TABLE IF EXISTS ${rejects}_scan`);
  // DuckDB cut a line at a lone \r into pieces that are bad lines (or, rarely, one good one): a file with bad lines
  // and a lone \r is read again line by line, so that such a line is one line, read as tail reads it.
  if ((bad.size > 0 || rejected > 0) && (await hasLoneCr(file, gzip))) {
    await db.conn.run(`DELETE FROM ${table}`);
    lines = await insertLines(db, file, gzip, table);
    ({ bad, zeroFilled } = await parseOtherLines(db, table, cols, requestTime));
    lines += zeroFilled;
    await db.conn.run(`DELETE FROM ${table} WHERE line IS NOT NULL`);
    timing('access: lines with a lone CR');
  }
  return {
    records: await count(db, `SELECT count(*) AS n FROM ${table}`),
    lines,
    ...(bad.size <= BAD_TEXTS ? { badTexts: [...bad] } : {}),
  };
}

/**
 * Lines with more quotes than the field reader keeps lost their last fields: their rows are replaced by their whole
 * text, read again by the line reader (only lines with that many quotes are kept), for parseOtherLines. A few such
 * lines (user agents full of escaped quotes, a scanner's payload) cost one more scan of the file, not a parse of
 * every line in Node. The line reader splits lines as the field reader does, so the same lines come back.
 */
async function rereadOverflow(db: Db, file: string, gzip: boolean, table: string): Promise<void> {
  await db.conn.run(`DELETE FROM ${table} WHERE overflow`);
  await db.conn.run(`INSERT INTO ${table} (line) SELECT line FROM ${lineReader(file, gzip)}
    WHERE length(line) - length(replace(line, '"', '')) >= ${FIELDS - 1}`);
}

/**
 * A line longer than MAX_LINE that starts with a run of NUL bytes (see zeroFillLength) is refused by DuckDB's reader
 * whole, and the server's line after the run was lost with it: such lines are read again here, each as the text
 * after its run behind one NUL byte, for parseOtherLines. The refused line was counted as one line, the run.
 */
async function readAfterLongZeroRuns(
  db: Db,
  file: string,
  gzip: boolean,
  table: string,
  rejects: string,
): Promise<void> {
  const refused = await count(
    db,
    `SELECT count(*) AS n FROM ${rejects} WHERE error_type = 'LINE SIZE OVER MAXIMUM' AND starts_with(csv_line, chr(0))`,
  ).catch(() => 0); // no rejects table: DuckDB refused no line
  if (refused === 0) return;
  const texts = (await linesAfterZeroRuns(file, gzip, MAX_LINE, 'long')).filter((t) => isUtf8(t));
  await insertTexts(
    db,
    table,
    texts.map((t) => `\0${t.toString('utf8')}`),
  );
}

/** Appends texts to `table`'s `line` column (through a scratch table: an appender fills every column). */
async function insertTexts(
  db: Db,
  table: string,
  texts: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const scratch = `${table}_text`;
  await db.conn.run(`CREATE TABLE ${scratch} (line VARCHAR)`);
  const app = await db.conn.createAppender(scratch);
  for await (const text of texts) {
    app.appendVarchar(text);
    app.endRow();
  }
  app.closeSync();
  await db.conn.run(`INSERT INTO ${table} (line) SELECT line FROM ${scratch}`);
  await db.conn.run(`DROP TABLE ${scratch}`);
}

/**
 * Every line of the file, as split at `\n` (a CRLF's `\r` removed), into `table`'s `line` column for
 * parseOtherLines; a line longer than MAX_LINE after a run of NUL bytes as readAfterLongZeroRuns inserts it (the run
 * counted, not held: see boundedLines). Returns the non-blank lines, counting those DuckDB's reader rejects (longer
 * than 1 MB, invalid UTF-8), which are not inserted.
 */
async function insertLines(db: Db, file: string, gzip: boolean, table: string): Promise<number> {
  let lines = 0;
  await insertTexts(
    db,
    table,
    (async function* () {
      for await (const chunk of boundedLines(file, gzip, MAX_LINE))
        for (const line of chunk) {
          if (isLongLine(line)) {
            lines++;
            if (line.zeros > 0 && line.text !== undefined && isUtf8(line.text))
              yield `\0${line.text.toString('utf8')}`;
            continue;
          }
          if (line.length === 0 || isBlank(line)) continue;
          lines++;
          if (isUtf8(line)) yield line.toString('utf8');
        }
    })(),
  );
  return lines;
}

/**
 * Parses the lines the fast path left (kept in `line`) with parseAccessLine itself, so that every line, however odd,
 * is read exactly as the parser reads it, and appends them to `table`. Returns the distinct texts of the lines that
 * are not access-log lines, and how many lines hold a request after a run of NUL bytes (zeroFillLength): each run is
 * one more line read, a bad one. Such lines are few in a real log; a whole file of them costs a few microseconds a
 * line.
 */
async function parseOtherLines(
  db: Db,
  table: string,
  cols: string,
  requestTime: RequestTimeUnit,
): Promise<{ bad: Set<string>; zeroFilled: number }> {
  const bad = new Set<string>();
  let zeroFilled = 0;
  const texts = await rows(db, `SELECT line FROM ${table} WHERE line IS NOT NULL`);
  if (texts.length === 0) return { bad, zeroFilled };
  const other = `${table}_other`;
  await db.conn.run(`CREATE TABLE ${other} (ms BIGINT, "method" VARCHAR, path VARCHAR, query VARCHAR,
    status INTEGER, bytes BIGINT, duration_ms DOUBLE, ip VARCHAR, ua VARCHAR, referer VARCHAR, user_id VARCHAR, vhost VARCHAR)`);
  const app = await db.conn.createAppender(other);
  const str = (v: string | undefined): void => (v === undefined ? app.appendNull() : app.appendVarchar(v));
  for (const r of texts) {
    const text = String(r.line);
    // marks before the line, as TOKENS leaves them out (DuckDB's client drops the first when it returns the text)
    const unmarked = text.replace(/^\ufeff+/, '');
    const split = splitAccessLine(unmarked);
    if (!split) {
      bad.add(text);
      continue;
    }
    if (zeroFillLength(unmarked) > 0) {
      bad.add(text);
      zeroFilled++;
    }
    const a = split.fields;
    app.appendBigInt(BigInt(a.time));
    app.appendVarchar(a.method);
    app.appendVarchar(a.path);
    str(a.query);
    app.appendInteger(a.status);
    // A size JavaScript reads but BIGINT cannot hold (1e20, 1.5) is no size.
    if (a.bytes !== undefined && Number.isSafeInteger(a.bytes)) app.appendBigInt(BigInt(a.bytes));
    else app.appendNull();
    const ms = requestTimeMs(split.trailing, requestTime);
    if (ms === undefined) app.appendNull();
    else app.appendDouble(ms);
    app.appendVarchar(forwardedClient(a.ip, a.xff));
    str(a.ua);
    str(a.referer);
    str(a.user);
    str(a.vhost);
    app.endRow();
  }
  app.closeSync();
  await db.conn.run(`INSERT INTO ${table} (${cols}, k)
    SELECT ${cols}, ${CLASSIFY_KEY} FROM (SELECT make_timestamp(ms * 1000) AS ts, * EXCLUDE (ms) FROM ${other})`);
  await db.conn.run(`DROP TABLE ${other}`);
  return { bad, zeroFilled };
}
