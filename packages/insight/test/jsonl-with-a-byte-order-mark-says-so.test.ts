import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources } from '../src/index.js';

describe('a JSONL file saved with a UTF-8 byte-order mark', () => {
  it('names the mark as the reason its first line was skipped, not truncation', async () => {
    const dir = tempDir();
    const rec = (msg: string): string =>
      JSON.stringify({ time: '2024-04-06T10:00:00.000Z', level: 'INFO', msg });
    writeFileSync(join(dir, 'app.jsonl'), `\uFEFF${rec('first')}\n${rec('second')}\n`);
    const db = await loadSources([dir]);
    db.close();
    expect(db.files[0]?.records).toBe(1);
    expect(db.skipped.files[0]?.samples).toEqual([
      { line: 1, reason: expect.stringMatching(/byte-order mark.*save the file as UTF-8 without BOM/) },
    ]);
  });
});
