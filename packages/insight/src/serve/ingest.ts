import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lit, rows, type Db } from '../db.js';
import { loadSources, type LoadOptions } from '../sources/load.js';
import type { SourceFormat } from '../sources/detect.js';
import { copyPrefix, type FilePrefix } from './file-prefix.js';

/** What one batch of appended lines gave. */
export interface Ingested {
  records: number;
  skipped: number;
}

/**
 * Turns appended lines into `records` rows with exactly the loader insight uses for whole files (format readers,
 * classification of unclassified requests), so a live row is the same as the row a fresh `report` would build.
 * The lines go through a scratch database and a Parquet file because the loader always builds a new `records`
 * table; the rows are then appended to the dashboard's table with `src` set to the file they came from.
 */
export class Ingester {
  private readonly dir = mkdtempSync(join(tmpdir(), 'logbook-serve-'));
  private seq = 0;

  /**
   * `lines` are the appended bytes, or the prefix of a file to read whole; `also` is given the new rows (as a
   * relation) after they were added, to keep summaries of `records` current; `options` are the loader's, as the
   * dashboard's first load used them.
   */
  async ingest(
    db: Db,
    file: string,
    format: SourceFormat,
    lines: Buffer | FilePrefix,
    also?: (rows: string) => Promise<unknown>,
    options: Pick<LoadOptions, 'requestTime'> = {},
  ): Promise<Ingested> {
    const n = ++this.seq;
    const chunk = join(this.dir, `chunk-${n}.${format === 'jsonl' ? 'jsonl' : 'log'}`);
    const parquet = join(this.dir, `chunk-${n}.parquet`);
    if (Buffer.isBuffer(lines)) writeFileSync(chunk, lines);
    else copyPrefix(lines, chunk);
    try {
      const scratch = await loadSources([chunk], {
        ...options,
        format,
      });
      let records: number;
      // The loader's own count: a line it passes over on purpose (a Caddy line of another logger) is not skipped.
      const skipped = scratch.skipped.count;
      try {
        records = scratch.files[0]?.records ?? 0;
        if (records === 0) return { records: 0, skipped };
        await scratch.conn.run(`COPY records TO ${lit(parquet)} (FORMAT parquet)`);
      } finally {
        scratch.close();
      }
      // One transaction: a report built meanwhile on another connection sees the rows and the summaries kept
      // from them both before or both after, never one without the other.
      await db.conn.run('BEGIN TRANSACTION');
      try {
        await rows(
          db,
          `INSERT INTO records SELECT * REPLACE (${lit(file)} AS src) FROM read_parquet(${lit(parquet)})`,
        );
        await also?.(`read_parquet(${lit(parquet)})`);
        await db.conn.run('COMMIT');
      } catch (error) {
        await db.conn.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return { records, skipped };
    } finally {
      rmSync(chunk, { force: true });
      rmSync(parquet, { force: true });
    }
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
