// A live batch goes into `records` and into the summaries kept from it in one transaction: when any part fails,
// none of it stays, so the dashboard's figures never count rows its summaries do not (or the other way round).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSources } from '../src/sources/load.js';
import { Ingester } from '../src/serve/ingest.js';
import { rows } from '../src/db.js';
import { generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('a live batch', () => {
  it('is added whole, or not at all when keeping a summary fails', async () => {
    const dir = tempDir();
    const gen = generateRecords({ users: 3 });
    const file = writeJsonl(join(dir, 'app.jsonl'), gen.records.slice(0, 30));
    const db = await loadSources([file]);
    const ingester = new Ingester();
    const count = async (): Promise<number> =>
      Number((await rows(db, 'SELECT count(*)::INT AS n FROM records'))[0]!.n);
    try {
      await db.conn.run('CREATE TABLE summary AS SELECT count(*)::INT AS n FROM records');
      const batch = Buffer.from(
        gen.records
          .slice(30, 38)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join(''),
      );
      await expect(
        ingester.ingest(db, file, 'jsonl', batch, async (rel) => {
          await db.conn.run(`INSERT INTO summary SELECT count(*)::INT FROM ${rel}`);
          throw new Error('summary failed');
        }),
      ).rejects.toThrow('summary failed');
      expect(await count()).toBe(30);
      expect(await rows(db, 'SELECT n FROM summary')).toEqual([{ n: 30 }]);

      const added = await ingester.ingest(db, file, 'jsonl', batch, async (rel) => {
        await db.conn.run(`INSERT INTO summary SELECT count(*)::INT FROM ${rel}`);
      });
      expect(added.records).toBe(8);
      expect(await count()).toBe(38);
      expect(await rows(db, 'SELECT n FROM summary ORDER BY n')).toEqual([{ n: 8 }, { n: 30 }]);
    } finally {
      ingester.close();
      db.close();
    }
  });
});
