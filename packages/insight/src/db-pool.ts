import type { DuckDBInstance } from '@duckdb/node-api';
import type { Db } from './db.js';

interface Lane {
  db: Db;
  tail: Promise<unknown>;
  pending: number;
}

/**
 * A few connections to one DuckDB instance, each running one job at a time (a connection runs one statement at a
 * time, and a job may keep temp tables of its own between its statements). Separate connections see the same tables,
 * so a report's sections run side by side and a records page answers while a report is still being built.
 */
export class DbPool {
  private readonly lanes: Lane[];

  private constructor(lanes: Lane[]) {
    this.lanes = lanes;
  }

  static async open(instance: DuckDBInstance, size: number): Promise<DbPool> {
    const lanes: Lane[] = [];
    for (let i = 0; i < size; i++) {
      const conn = await instance.connect();
      await conn.run(`SET TimeZone = 'UTC'`);
      lanes.push({ db: { instance, conn }, tail: Promise.resolve(), pending: 0 });
    }
    return new DbPool(lanes);
  }

  /** Runs `job` on the least busy connection once that connection's earlier jobs are done. */
  run<T>(job: (db: Db) => Promise<T>): Promise<T> {
    const lane = this.lanes.reduce((a, b) => (b.pending < a.pending ? b : a));
    lane.pending++;
    const result = lane.tail.then(() => job(lane.db));
    lane.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      lane.pending--;
    });
  }

  /** Waits for every queued job, then closes the connections (not the instance). */
  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.tail));
    for (const l of this.lanes) l.db.conn.closeSync();
  }
}
