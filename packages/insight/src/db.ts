import { createRequire } from 'node:module';
import type * as DuckDBApi from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { IP_ADDRESS_MACROS } from './ip-address-sql.js';

type NodeApi = typeof DuckDBApi;
let nodeApi: NodeApi | undefined;

/**
 * Loads DuckDB on first use, through require: the package is CommonJS, and importing it as ESM makes Node scan
 * every one of its files for export names, which costs about 0.13 s of start-up on each `logbook` run.
 */
function duckdb(): NodeApi {
  nodeApi ??= createRequire(import.meta.url)('@duckdb/node-api') as NodeApi;
  return nodeApi;
}

/** A loaded DuckDB database with the normalised tables (see table.ts). */
export interface Db {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
}

/** A JSON-safe row as DuckDB returns it (numbers for INTEGER/DOUBLE, strings for BIGINT and timestamps). */
export type Row = Record<string, unknown>;

export async function openDb(): Promise<Db> {
  const instance = await duckdb().DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  // Record times are UTC; without this TIMESTAMPTZ casts would follow the machine's zone.
  await conn.run(`SET TimeZone = 'UTC'`);
  // Every query orders explicitly; letting DuckDB insert out of order lets it load in parallel with less memory.
  await conn.run(`SET preserve_insertion_order = false`);
  // Filters by network read addresses with these (one round trip: a statement each costs a little start-up time).
  await conn.run(IP_ADDRESS_MACROS.join(';\n'));
  return { instance, conn };
}

export async function rows(db: Db, sql: string): Promise<Row[]> {
  const reader = await db.conn.runAndReadAll(sql);
  return reader.getRowObjectsJson();
}

/** A query's rows as `rows` gives them, with its column names in order (which a query of no rows still has). */
export async function rowsWithColumns(db: Db, sql: string): Promise<{ columns: string[]; rows: Row[] }> {
  const reader = await db.conn.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() };
}

/** The first row's `n`, or the `Count` a CREATE, INSERT or DELETE statement returns. */
export async function count(db: Db, sql: string): Promise<number> {
  const r = (await rows(db, sql))[0];
  return Number(r?.n ?? r?.Count ?? 0);
}

export function closeDb(db: Db): void {
  db.conn.closeSync();
  db.instance.closeSync();
}

/** Quotes a value as a SQL string literal. */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A cell as text: strings as they are, structures as JSON, null and undefined as the empty string. */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v.toString() : '';
}
