import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A loaded DuckDB database with the normalised tables (see table.ts). */
export interface Db {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
}

/** A JSON-safe row as DuckDB returns it (numbers for INTEGER/DOUBLE, strings for BIGINT and timestamps). */
export type Row = Record<string, unknown>;

export async function openDb(): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  // Record times are UTC; without this TIMESTAMPTZ casts would follow the machine's zone.
  await conn.run(`SET TimeZone = 'UTC'`);
  return { instance, conn };
}

export async function rows(db: Db, sql: string): Promise<Row[]> {
  const reader = await db.conn.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Row[];
}

export function closeDb(db: Db): void {
  db.conn.closeSync();
  db.instance.closeSync();
}

/** Quotes a value as a SQL string literal. */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
