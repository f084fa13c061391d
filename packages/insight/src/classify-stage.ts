import { lit, rows, text, type Db } from './db.js';
import type { DuckDBAppender } from '@duckdb/node-api';
import {
  awaitsAddressCheck,
  batchClassifier,
  type Classification,
  type ClientInfo,
  type RequestFacts,
} from './traffic.js';
import { CLASSIFY_KEY } from './sources/access-log.js';
import { RECORDS_COLUMNS } from './table.js';
import { classifyKeyOf, unclassifiedJsonl } from './classify-key.js';
import { classifyUncheckedCrawlers, rekeyCheckedRows } from './crawler-address-stage.js';

/** The tables loadSources filled: one stage table per access log, and one for all JSONL records. */
export interface StageTables {
  /** Access-log stage tables (see access-log.ts) with the file each came from. */
  access: { table: string; file: string }[];
  /** The JSONL stage table (RECORDS_COLUMNS), or undefined when no JSONL file was read. */
  jsonl?: string;
}

/**
 * Classifies every stage row that arrived without a client (all access-log lines, JSONL records from other
 * loggers): distinct (method, path, query, status, ua) tuples go through @logbook/traffic once each, and the
 * answers land in the table `cls` (a plain table: the report reads it from several connections), keyed by the
 * tuple's hash, for buildRecords to join in.
 *
 * A real site's log has many more tuples than user agents or request lines (every user agent asks for many pages),
 * so the strings cross into Node once per distinct user agent and request line, numbered, and the tuples as
 * numbers; each user agent and request line is analysed once (batchClassifier). The answers go back the same way:
 * per tuple its hash, the number of its client (one per distinct client description) and its signals. On a
 * 300,000-line log with 123,000 tuples, 11,000 user agents and 17,000 request lines (30 copies of the shared Apache
 * log, each with its own browser builds and asset query strings) the stage took 1.96-2.01 s before, 1.07-1.13 s
 * after (with the desktop shortcut in @logbook/traffic's user-agent analysis).
 */
export async function classifyStage(db: Db, stage: StageTables): Promise<number> {
  const parts = stage.access.map((a) => `SELECT k, "method", path, query, status, ua, ts FROM ${a.table}`);
  if (stage.jsonl)
    parts.push(`SELECT ${CLASSIFY_KEY} AS k, "method", path, query, status, ua, ts FROM ${stage.jsonl}
      WHERE ${unclassifiedJsonl()}`);
  if (parts.length === 0) return 0;
  try {
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE cls_tuples AS
      SELECT k, any_value("method") AS m, any_value(path) AS p, any_value(query) AS q, any_value(status) AS s,
        any_value(ua) AS u, epoch_ms(min(ts))::DOUBLE AS t
      FROM (${parts.join(' UNION ALL ')}) GROUP BY k`);
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE cls_agents AS
      SELECT u, (row_number() OVER () - 1)::INTEGER AS id FROM (SELECT DISTINCT u FROM cls_tuples)`);
    const agents = (await rows(db, `SELECT u FROM cls_agents ORDER BY id`)).map((r) =>
      r.u == null ? undefined : text(r.u),
    );
    // DuckDB numbers the request lines and reads the tuples on its own threads while Node analyses the user agents
    // (the longest part of the stage on a varied log): the two overlap.
    const read = (async () => {
      await db.conn.run(`CREATE OR REPLACE TEMP TABLE cls_lines AS
        SELECT m, p, q, (row_number() OVER () - 1)::INTEGER AS id FROM (SELECT DISTINCT m, p, q FROM cls_tuples)`);
      const lines = (await rows(db, `SELECT m, p, q FROM cls_lines ORDER BY id`)).map((r) => ({
        method: text(r.m ?? 'GET'),
        path: text(r.p ?? '/'),
        query: r.q == null ? undefined : text(r.q),
      }));
      // Columns, not row objects: 5 numbers per tuple.
      const tuples = await db.conn.runAndReadAll(`SELECT t.k, a.id, l.id, t.s, t.t FROM cls_tuples t
        JOIN cls_agents a ON a.u IS NOT DISTINCT FROM t.u
        JOIN cls_lines l ON l.m IS NOT DISTINCT FROM t.m AND l.p IS NOT DISTINCT FROM t.p
          AND l.q IS NOT DISTINCT FROM t.q`);
      return { lines, tuples };
    })();
    read.catch(() => undefined); // awaited below; this only keeps a failure from counting as unhandled meanwhile
    const classify = batchClassifier();
    for (const userAgent of agents)
      if (userAgent !== undefined) classify({ method: 'GET', path: '/', userAgent });
    const { lines, tuples } = await read;
    // No rows gives no columns at all.
    const [keys = [], agentOf = [], lineOf = [], statuses = [], times = []] = tuples.getColumns() as [
      bigint[]?,
      number[]?,
      number[]?,
      (number | null)[]?,
      (number | null)[]?,
    ];
    if (keys.length === 0) return 0;

    await db.conn.run(`CREATE OR REPLACE TEMP TABLE cls_in (k UBIGINT, c INTEGER, signals VARCHAR)`);
    const app: DuckDBAppender = await db.conn.createAppender('cls_in');
    // Client descriptions are shared objects (one per user agent, mostly): numbered by identity.
    const clientIds = new Map<ClientInfo, number>();
    const clients: ClientInfo[] = [];
    const append = (to: DuckDBAppender, key: bigint, { client, signals }: Classification): void => {
      let id = clientIds.get(client);
      if (id === undefined) {
        id = clients.length;
        clients.push(client);
        clientIds.set(client, id);
      }
      to.appendUBigInt(key);
      to.appendInteger(id);
      appendOpt(to, signals.length > 0 ? signals.join(',') : undefined);
      to.endRow();
    };
    // Crawlers with published ranges, classified here without an address: checked again with each of theirs below.
    const unchecked = new Map<bigint, RequestFacts>();
    for (let i = 0; i < keys.length; i++) {
      const line = lines[lineOf[i]!]!;
      const userAgent = agents[agentOf[i]!];
      const status = statuses[i];
      const time = times[i];
      const facts: RequestFacts = { method: line.method, path: line.path };
      if (line.query !== undefined) facts.query = line.query;
      if (typeof status === 'number') facts.status = status;
      if (userAgent !== undefined) facts.userAgent = userAgent;
      if (typeof time === 'number') facts.time = time;
      const answer = classify(facts);
      if (awaitsAddressCheck(answer.client)) unchecked.set(keys[i]!, facts);
      append(app, keys[i]!, answer);
    }
    app.closeSync();
    const checked = await classifyUncheckedCrawlers(db, stage, unchecked, classify, append);

    await db.conn
      .run(`CREATE OR REPLACE TEMP TABLE cls_clients (id INTEGER, kind VARCHAR, client_name VARCHAR,
      browser VARCHAR, os VARCHAR, device VARCHAR, reason VARCHAR)`);
    const capp: DuckDBAppender = await db.conn.createAppender('cls_clients');
    clients.forEach((client, id) => {
      capp.appendInteger(id);
      capp.appendVarchar(client.kind);
      appendOpt(capp, client.name);
      appendOpt(capp, client.browser);
      appendOpt(capp, client.os);
      appendOpt(capp, client.device);
      appendOpt(capp, client.reason);
      capp.endRow();
    });
    capp.closeSync();
    // Split the signal lists once per tuple here rather than once per row in the join.
    await db.conn.run(`CREATE OR REPLACE TABLE cls AS
      SELECT i.k, c.kind, c.client_name, c.browser, c.os, c.device, c.reason,
        CASE WHEN i.signals IS NULL THEN []::VARCHAR[] ELSE string_split(i.signals, ',') END AS signals
      FROM cls_in i JOIN cls_clients c ON c.id = i.c`);
    if (checked) await rekeyCheckedRows(db, stage);
    return keys.length;
  } finally {
    await db.conn.run(
      'DROP TABLE IF EXISTS cls_tuples; DROP TABLE IF EXISTS cls_agents; DROP TABLE IF EXISTS cls_lines; ' +
        'DROP TABLE IF EXISTS cls_in; DROP TABLE IF EXISTS cls_clients; DROP TABLE IF EXISTS cls_unchecked;',
    );
  }
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
    a.duration_ms, ${lean ? 'NULL' : 'a.bytes'} AS bytes, a.ip, a.ua, a.referer, NULL AS auth_required, a.vhost,
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
  // A request recorded with neither client nor path (the schema allows it) cannot be classified: an unknown client,
  // so that the kinds add up to the requests and `--filter client=unknown` selects it.
  if (jsonl)
    await db.conn.run(
      `UPDATE ${jsonl} SET kind = 'unknown' WHERE kind IS NULL AND path IS NULL AND event = 'http.request'`,
    );
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
      ON c.k = CASE WHEN ${unclassifiedJsonl('s')} THEN ${classifyKeyOf('s')} END`,
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
