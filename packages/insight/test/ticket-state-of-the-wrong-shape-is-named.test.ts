import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl } from './helpers/records.js';

describe('a ticket state file of the wrong shape is named', () => {
  it('says which file is wrong and what it should hold, for every command that reads it', async () => {
    for (const wrong of [
      '{"solved": "x"}',
      '[]',
      '{"solved": {"fp": 3}}',
      '{"solved": {"fp": null}}',
      '{"solved": [{}]}',
    ]) {
      const dir = tempDir();
      writeJsonl(join(dir, 'app.jsonl'), generateRecords({ users: 3 }).records);
      mkdirSync(join(dir, '.logbook'));
      writeFileSync(join(dir, '.logbook', 'tickets.json'), wrong);
      for (const args of [
        ['tickets', dir],
        ['tickets', 'solve', 'fp-search', dir],
        ['report', dir],
      ]) {
        const r = await cli(args);
        expect(r.code, `${wrong} ${args.join(' ')}`).toBe(1);
        expect(r.err).toBe(
          `logbook ${args[0]}: ${join(dir, '.logbook', 'tickets.json')} is not a ticket state file: ` +
            'expected {"solved": {"<fingerprint>": {"solved_at": "..."}}}. Fix it by hand or delete it (that forgets which tickets were solved).\n',
        );
      }
    }
  });
});
