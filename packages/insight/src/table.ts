import type { Db } from './db.js';

/**
 * The one normalised table every report reads. JSONL records and access-log lines both land here; an access-log
 * line becomes an `http.request` row. `requests` and `events` are views over it.
 */
export const RECORDS_COLUMNS = `
  src VARCHAR,
  ts TIMESTAMP,
  level VARCHAR,
  channel VARCHAR,
  event VARCHAR,
  msg VARCHAR,
  message VARCHAR,
  req_id VARCHAR,
  method VARCHAR,
  path VARCHAR,
  route VARCHAR,
  query VARCHAR,
  status INTEGER,
  duration_ms DOUBLE,
  bytes BIGINT,
  ip VARCHAR,
  ua VARCHAR,
  referer VARCHAR,
  auth_required BOOLEAN,
  vhost VARCHAR,
  kind VARCHAR,
  client_name VARCHAR,
  browser VARCHAR,
  os VARCHAR,
  device VARCHAR,
  client_reason VARCHAR,
  signals VARCHAR[],
  user_id VARCHAR,
  user_name VARCHAR,
  user_email VARCHAR,
  session VARCHAR,
  error JSON,
  incident JSON,
  fingerprint VARCHAR,
  incident_ref VARCHAR`;

export async function createTables(db: Db): Promise<void> {
  await db.conn.run(`CREATE TABLE IF NOT EXISTS records (${RECORDS_COLUMNS})`);
  await db.conn.run(`CREATE OR REPLACE VIEW requests AS SELECT * FROM records WHERE event = 'http.request'`);
  await db.conn.run(`CREATE OR REPLACE VIEW events AS SELECT * FROM records`);
}
