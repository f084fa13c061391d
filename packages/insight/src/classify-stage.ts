import { lit, rows, text, type Db } from './db.js';
import type { DuckDBAppender } from '@duckdb/node-api';
import { classify } from './traffic.js';
import { CLASSIFY_KEY } from './sources/access-log.js';
import { RECORDS_COLUMNS } from './table.js';

/** The tables loadSources filled: one stage table per access log, and one for all JSONL records. */
export interface StageTables {
  /** Access-log stage tables (see access-log.ts) with the file each came from. */
  access: { table: string; file: string }[];
  /** The JSONL stage table (RECORDS_COLUMNS), or undefined when no JSONL file was read. */
  jsonl?: string;
}

/** JSONL rows from other loggers arrive without a client; they are classified like access-log lines. */
const UNCLASSIFIED_JSONL = `kind IS NULL AND path IS NOT NULL`;

/**
 * Classifies every stage row that arrived without a client (all access-log lines, JSONL records from other
 * loggers): distinct (method, path, query, status, ua) tuples go through @logbook/traffic once each, and the
 * answers land in the table `cls` (a plain table: the report reads it from several connections), keyed by the
 * tuple's hash, for buildRecords to join in.
 */
export async function classifyStage(db: Db, stage: StageTables): Promise<number> {
  const parts = stage.access.map((a) => `SELECT k, "method", path, query, status, ua, ts FROM ${a.table}`);
  if (stage.jsonl)
    parts.push(`SELECT ${CLASSIFY_KEY} AS k, "method", path, query, status, ua, ts FROM ${stage.jsonl}
      WHERE ${UNCLASSIFIED_JSONL}`);
  if (parts.length === 0) return 0;
  const tuples = await rows(
    db,
    `SELECT k::VARCHAR AS k, any_value("method") AS m, any_value(path) AS p, any_value(query) AS q,
      any_value(status) AS s, any_value(ua) AS u, epoch_ms(min(ts))::DOUBLE AS t
     FROM (${parts.join(' UNION ALL ')}) GROUP BY k`,
  );
  if (tuples.length === 0) return 0;
  await db.conn.run(`CREATE OR REPLACE TABLE cls_in (k UBIGINT, kind VARCHAR, client_name VARCHAR,
    browser VARCHAR, os VARCHAR, device VARCHAR, reason VARCHAR, signals VARCHAR)`);
  const app: DuckDBAppender = await db.conn.createAppender('cls_in');
  for (const t of tuples) {
    const facts = {
      method: text(t.m ?? 'GET'),
      path: text(t.p ?? '/'),
      ...(t.q != null ? { query: text(t.q) } : {}),
      ...(typeof t.s === 'number' ? { status: t.s } : {}),
      ...(t.u != null ? { userAgent: text(t.u) } : {}),
      ...(typeof t.t === 'number' ? { time: t.t } : {}),
    };
    const { client, signals } = classify(facts);
    app.appendUBigInt(BigInt(String(t.k)));
    app.appendVarchar(client.kind);
    appendOpt(app, client.name);
    appendOpt(app, client.browser);
    appendOpt(app, client.os);
    appendOpt(app, client.device);
    appendOpt(app, client.reason);
    appendOpt(app, signals.length > 0 ? signals.join(',') : undefined);
    app.endRow();
  }
  app.closeSync();
  // Split the signal lists once per tuple here rather than once per row in the join.
  await db.conn.run(`CREATE OR REPLACE TABLE cls AS SELECT * REPLACE (
      CASE WHEN signals IS NULL THEN []::VARCHAR[] ELSE string_split(signals, ',') END AS signals) FROM cls_in`);
  await db.conn.run(`DROP TABLE cls_in`);
  return tuples.length;
}

function appendOpt(app: DuckDBAppender, v: string | undefined): void {
  if (v === undefined) app.appendNull();
  else app.appendVarchar(v);
}

/** The RECORDS_COLUMNS of an access-log stage row joined with its classification `c`. */
function accessRows(table: string, file: string, classified: boolean, lean: boolean): string {
  const c = (col: string, none = 'NULL'): string => (classified ? `c.${col}` : none);
  return `SELECT ${lean ? 'NULL' : lit(file)} AS src, a.ts, 'INFO' AS level, 'http' AS channel, 'http.request' AS event,
    NULL AS msg, NULL AS message, NULL AS req_id, a."method", a.path, NULL AS route, a.query, a.status,
    NULL AS duration_ms, ${lean ? 'NULL' : 'a.bytes'} AS bytes, a.ip, a.ua, a.referer, NULL AS auth_required, a.vhost,
    coalesce(${c('kind')}, 'unknown') AS kind, ${c('client_name')} AS client_name, ${c('browser')} AS browser,
    ${c('os')} AS os, ${c('device')} AS device, ${c('reason')} AS client_reason, coalesce(${c('signals')}, []::VARCHAR[]) AS signals,
    a.user_id, NULL AS user_name, NULL AS user_email, NULL AS session, NULL AS error, NULL AS incident,
    NULL AS fingerprint, NULL AS incident_ref
  FROM ${table} a ${classified ? 'LEFT JOIN cls c ON c.k = a.k' : ''}`;
}

/**
 * Builds `records` from the stage tables and the classifications, in one pass over the rows; with `lean` (a one-off
 * report, see LoadOptions.lean) `records` is a view over them instead.
 */
export async function buildRecords(
  db: Db,
  stage: StageTables,
  classified: number,
  lean = false,
): Promise<void> {
  const jsonl = stage.jsonl;
  if (stage.access.length === 0 && jsonl && classified === 0) {
    // Every row arrived classified (Logbook JSONL from the middleware): no join, no copy.
    await db.conn.run(`ALTER TABLE ${jsonl} RENAME TO records`);
    return;
  }
  const parts = stage.access.map((a) => accessRows(a.table, a.file, classified > 0, lean));
  if (jsonl) {
    parts.unshift(
      classified === 0
        ? `SELECT * FROM ${jsonl}`
        : `SELECT s.* REPLACE (
      coalesce(s.kind, c.kind, CASE WHEN s.path IS NOT NULL THEN 'unknown' END) AS kind,
      coalesce(s.client_name, c.client_name) AS client_name,
      coalesce(s.browser, c.browser) AS browser,
      coalesce(s.os, c.os) AS os,
      coalesce(s.device, c.device) AS device,
      coalesce(s.client_reason, c.reason) AS client_reason,
      coalesce(s.signals, c.signals, []::VARCHAR[]) AS signals
    )
    FROM ${jsonl} s LEFT JOIN cls c
      ON c.k = CASE WHEN ${UNCLASSIFIED_JSONL.replace(/(\w+) IS/g, 's.$1 IS')} THEN ${CLASSIFY_KEY.replace(/(\(|, )"?(\w+)"?/g, '$1s."$2"')} END`,
    );
  }
  if (lean && parts.length > 0) {
    // A one-off report reads each row a few times at most: a view that joins the classifications in as it is read
    // costs no more per query than the table, and saves copying every row (and holding two copies in memory).
    const cols = RECORDS_COLUMNS.split(',').map((c) => c.trim().split(/\s+/) as [string, string]);
    await db.conn
      .run(`CREATE VIEW records AS SELECT ${cols.map(([n, t]) => `CAST(u."${n}" AS ${t}) AS "${n}"`).join(', ')}
      FROM (${parts.join('\nUNION ALL BY NAME\n')}) u`);
    return;
  }
  await db.conn.run(`CREATE TABLE records (${RECORDS_COLUMNS})`);
  for (const part of parts) await db.conn.run(`INSERT INTO records BY NAME ${part}`);
  for (const a of stage.access) await db.conn.run(`DROP TABLE ${a.table}`);
  if (jsonl) await db.conn.run(`DROP TABLE ${jsonl}`);
  if (classified > 0) await db.conn.run(`DROP TABLE cls`);
}
