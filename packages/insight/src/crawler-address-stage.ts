import type { DuckDBAppender } from '@duckdb/node-api';
import type { Db } from './db.js';
import type { Classification, RequestFacts } from './traffic.js';
import { CLASSIFY_KEY } from './sources/access-log.js';
import type { StageTables } from './classify-stage.js';
import { classifyKeyOf, unclassifiedJsonl } from './classify-key.js';

/**
 * The classify stage judges each distinct request once, without the client's address, so a Googlebot or bingbot
 * there is not yet checked against its operator's published ranges. This classifies those tuples again, once per
 * address they came from, so that a fake Googlebot in a plain access log gets its `fake-crawler` signal (and the
 * attackers' verdict) as it would from the middleware, and a genuine one its "address in published ranges" reason.
 *
 * Each (tuple, address) gets its own key, hash(tuple key, ip), appended to `cls_in` with its classification, for
 * rekeyCheckedRows to move the rows onto once `cls` is built. Crawlers with published ranges are a small share of a
 * log, so this reads few rows.
 */
export async function classifyUncheckedCrawlers(
  db: Db,
  stage: StageTables,
  unchecked: Map<bigint, RequestFacts>,
  classify: (facts: RequestFacts) => Classification,
  append: (app: DuckDBAppender, key: bigint, answer: Classification) => void,
): Promise<boolean> {
  if (unchecked.size === 0) return false;
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE cls_unchecked (k UBIGINT PRIMARY KEY)`);
  const keys = await db.conn.createAppender('cls_unchecked');
  for (const k of unchecked.keys()) {
    keys.appendUBigInt(k);
    keys.endRow();
  }
  keys.closeSync();
  const sources = stage.access.map((a) => `SELECT k, ip FROM ${a.table} WHERE ip IS NOT NULL`);
  if (stage.jsonl)
    sources.push(
      `SELECT ${CLASSIFY_KEY} AS k, ip FROM ${stage.jsonl} WHERE ${unclassifiedJsonl()} AND ip IS NOT NULL`,
    );
  const pairs = await db.conn
    .runAndReadAll(`SELECT DISTINCT s.k, s.ip, hash(s.k, s.ip) FROM (${sources.join(' UNION ALL ')}) s
    SEMI JOIN cls_unchecked u ON u.k = s.k`);
  const [tuples = [], ips = [], rekeyed = []] = pairs.getColumns() as [bigint[]?, string[]?, bigint[]?];
  const app = await db.conn.createAppender('cls_in');
  for (let i = 0; i < tuples.length; i++)
    append(app, rekeyed[i]!, classify({ ...unchecked.get(tuples[i]!)!, ip: ips[i]! }));
  app.closeSync();
  return true;
}

/**
 * Moves the rows of each crawler classifyUncheckedCrawlers checked onto the key of its (tuple, address), once `cls`
 * holds those keys: access-log rows get the new key, unclassified JSONL rows (whose key is computed in the join)
 * their client columns.
 */
export async function rekeyCheckedRows(db: Db, stage: StageTables): Promise<void> {
  for (const a of stage.access)
    await db.conn.run(`UPDATE ${a.table} SET k = hash(k, ip)
      WHERE ip IS NOT NULL AND k IN (SELECT k FROM cls_unchecked)`);
  if (stage.jsonl) {
    const s = stage.jsonl;
    await db.conn
      .run(`UPDATE ${s} SET kind = c.kind, client_name = c.client_name, browser = c.browser, os = c.os,
        device = c.device, client_reason = c.reason, signals = c.signals
      FROM cls c
      WHERE ${unclassifiedJsonl(s)} AND ${s}.ip IS NOT NULL AND ${classifyKeyOf(s)} IN (SELECT k FROM cls_unchecked)
        AND c.k = hash(${classifyKeyOf(s)}, ${s}.ip)`);
  }
}
