// The dashboard builds a report for every view a user opens, on the database it keeps for as long as it runs. Each
// report works in scratch tables of its own (the filtered rows, the client summary, the time counts, the crawler
// paths); left behind, they would grow the server's memory with every view.
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { rows } from '../src/db.js';
import { loadSources } from '../src/sources/load.js';
import { buildReport } from '../src/report/build-report.js';
import { generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('a report', () => {
  it('drops every table it made, filtered or not', async () => {
    const dir = tempDir();
    const file = writeJsonl(join(dir, 'app.jsonl'), generateRecords({ seed: 5, users: 4 }).records);
    const logs = await loadSources([file]);
    try {
      const tables = async (): Promise<string[]> =>
        (await rows(logs, 'SELECT table_name FROM duckdb_tables() ORDER BY 1')).map((r) =>
          String(r.table_name),
        );
      const before = await tables();
      const all = await buildReport(logs, {});
      // A narrow filter copies its rows into a table of their own.
      const narrow = await buildReport(logs, { where: ['client=scanner'] });
      expect(all.totals.requests).toBeGreaterThan(narrow.totals.requests);
      expect(narrow.totals.requests).toBeGreaterThan(0);
      expect(await tables()).toEqual(before);
    } finally {
      logs.close();
    }
  });
});
