import { lit, rows, type Db } from '../db.js';

/** The schema-v1 keys insight reads; naming them stops DuckDB from sampling and guessing types. */
const JSON_COLUMNS = `{
  time: 'VARCHAR', level: 'VARCHAR', channel: 'VARCHAR', msg: 'VARCHAR', message: 'VARCHAR', event: 'VARCHAR',
  request: 'STRUCT(id VARCHAR, "method" VARCHAR, path VARCHAR, route VARCHAR, query VARCHAR, status INTEGER,
    duration_ms DOUBLE, bytes BIGINT, ip VARCHAR, ua VARCHAR, referer VARCHAR, auth_required BOOLEAN)',
  client: 'STRUCT(kind VARCHAR, name VARCHAR, browser VARCHAR, os VARCHAR, device VARCHAR)',
  signals: 'VARCHAR[]',
  "user": 'STRUCT(id VARCHAR, name VARCHAR, email VARCHAR)',
  session: 'VARCHAR', error: 'JSON', incident: 'JSON', host: 'VARCHAR'
}`;

export function jsonlSelect(file: string, gzip = false): string {
  return `
  WITH j AS (
    SELECT * FROM read_json(${lit(file)}, format = 'newline_delimited', ignore_errors = true,
      maximum_object_size = 16777216, columns = ${JSON_COLUMNS},
      compression = ${gzip ? "'gzip'" : "'uncompressed'"})
  )
  SELECT ${lit(file)} AS src, make_timestamp(epoch_us(try_cast(time AS TIMESTAMPTZ))) AS ts, level, channel, event, msg, message,
    request.id AS req_id, request."method" AS "method", request.path AS path, request.route AS route,
    request.query AS query, request.status AS status, request.duration_ms AS duration_ms, request.bytes AS bytes,
    request.ip AS ip, request.ua AS ua, request.referer AS referer, request.auth_required AS auth_required,
    NULL AS vhost, client.kind AS kind, client.name AS client_name, client.browser AS browser, client.os AS os,
    client.device AS device, signals, "user".id AS user_id, "user".name AS user_name, "user".email AS user_email,
    session, error, incident,
    coalesce(incident->>'fingerprint', error->>'fingerprint') AS fingerprint, incident->>'ref' AS incident_ref
  FROM j
  WHERE try_cast(time AS TIMESTAMPTZ) IS NOT NULL AND level IS NOT NULL`;
}

/** Appends one JSONL file's records to the stage table `table` (RECORDS_COLUMNS); returns how many it gave. */
export async function loadJsonl(db: Db, file: string, gzip: boolean, table: string): Promise<number> {
  const r = await rows(db, `INSERT INTO ${table} ${jsonlSelect(file, gzip)}`);
  return Number((r[0] as { Count?: unknown } | undefined)?.Count ?? 0);
}
