import { text } from './db.js';
import type { DuckDBAppender } from '@duckdb/node-api';
import { rows, type Db } from './db.js';
import { classify } from './traffic.js';

/** The fields classification depends on; rows equal on these get the same answer, so each is classified once. */
const KEY = `hash("method", path, query, status, ua)`;

/**
 * Classifies every stage row that arrived without a client (all access-log lines, JSONL records from other
 * loggers): distinct (method, path, query, status, ua) tuples go through @logbook/traffic once each, the answers
 * are appended to `cls`, and build() joins them in.
 */
export async function classifyStage(db: Db): Promise<number> {
  await db.conn
    .run(`CREATE OR REPLACE TEMP TABLE cls (k UBIGINT, kind VARCHAR, client_name VARCHAR, browser VARCHAR,
    os VARCHAR, device VARCHAR, signals VARCHAR)`);
  const tuples = await rows(
    db,
    `SELECT ${KEY}::VARCHAR AS k, any_value("method") AS m, any_value(path) AS p, any_value(query) AS q,
      any_value(status) AS s, any_value(ua) AS u, epoch_ms(min(ts))::DOUBLE AS t
     FROM stage WHERE kind IS NULL AND path IS NOT NULL GROUP BY 1`,
  );
  const app: DuckDBAppender = await db.conn.createAppender('cls');
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
    appendOpt(app, signals.length > 0 ? signals.join(',') : undefined);
    app.endRow();
  }
  app.closeSync();
  return tuples.length;
}

function appendOpt(app: DuckDBAppender, v: string | undefined): void {
  if (v === undefined) app.appendNull();
  else app.appendVarchar(v);
}

/** Builds `records` from `stage` joined with the classifications. */
export async function buildRecords(db: Db, classified: number): Promise<void> {
  if (classified === 0) {
    // Every row arrived classified (Logbook JSONL from the middleware): no join, no copy.
    await db.conn.run(`ALTER TABLE stage RENAME TO records`);
    return;
  }
  await db.conn.run(`CREATE OR REPLACE TABLE records AS
    SELECT s.* REPLACE (
      coalesce(s.kind, c.kind, CASE WHEN s.path IS NOT NULL THEN 'unknown' END) AS kind,
      coalesce(s.client_name, c.client_name) AS client_name,
      coalesce(s.browser, c.browser) AS browser,
      coalesce(s.os, c.os) AS os,
      coalesce(s.device, c.device) AS device,
      coalesce(s.signals, CASE WHEN c.signals IS NOT NULL THEN string_split(c.signals, ',') END, []::VARCHAR[]) AS signals
    )
    FROM stage s LEFT JOIN cls c ON c.k = CASE WHEN s.kind IS NULL THEN ${KEY.replace(/(\(|, )"?(\w+)"?/g, '$1s."$2"')} END`);
  await db.conn.run(`DROP TABLE stage`);
}
