import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('a forgotten query or fingerprint is named', () => {
  it('says the folder given to sql or tickets solve is not a query or fingerprint, instead of "Cannot read logs"', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
    const sql = await cli(['sql', dir]);
    expect(sql.code).toBe(2);
    expect(sql.err).toContain(`logbook sql: ${dir} is a file or folder, not a query: give the query first`);
    const solve = await cli(['tickets', 'solve', dir]);
    expect(solve.code).toBe(2);
    expect(solve.err).toContain(`logbook tickets: ${dir} is a file or folder, not a fingerprint`);
    // Given both, the same words work.
    expect((await cli(['sql', 'SELECT 1', dir])).code).toBe(0);
    expect((await cli(['tickets', 'solve', 'fp-search', dir])).code).toBe(0);
  });
});
