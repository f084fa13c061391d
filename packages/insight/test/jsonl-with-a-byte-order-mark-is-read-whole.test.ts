import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/records.js';
import { loadSources, rows } from '../src/index.js';
import { flattenLine } from '../src/record-line.js';

const rec = (msg: string): string => JSON.stringify({ time: '2024-04-06T10:00:00.000Z', level: 'INFO', msg });

describe('a JSONL file saved with a UTF-8 byte-order mark', () => {
  it('is read whole: the line after the mark is a record too', async () => {
    // DuckDB's JSON reader refused the first line; it was skipped (and the reason named the mark).
    const dir = tempDir();
    writeFileSync(join(dir, 'app.jsonl'), `\uFEFF${rec('first')}\n${rec('second')}\n`);
    const db = await loadSources([dir]);
    const msgs = await rows(db, `SELECT msg FROM records ORDER BY msg`);
    db.close();
    expect(msgs).toEqual([{ msg: 'first' }, { msg: 'second' }]);
    expect(db.files[0]?.records).toBe(2);
    expect(db.skipped.count).toBe(0);
  });

  it('joined with another such file by cat, has every line read by the report and by tail', async () => {
    const dir = tempDir();
    const lines = [`\uFEFF${rec('a')}`, rec('b'), `\uFEFF${rec('c')}`, rec('d')];
    writeFileSync(join(dir, 'app.jsonl'), lines.join('\n') + '\n');
    const db = await loadSources([dir]);
    const msgs = await rows(db, `SELECT msg FROM records ORDER BY msg`);
    db.close();
    expect(msgs.map((m) => m.msg)).toEqual(['a', 'b', 'c', 'd']);
    expect(db.skipped.count).toBe(0);
    expect(lines.map((l) => flattenLine(l)?.time)).toEqual(Array(4).fill('2024-04-06T10:00:00.000Z'));
  });

  it('with a line that is no JSON after the mark, names that line as not valid JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.jsonl'), `${rec('a')}\n\uFEFF{"time": "2024-04-06T10:00:00.000Z", "lev\n`);
    const db = await loadSources([dir]);
    db.close();
    expect(db.files[0]?.records).toBe(1);
    expect(db.skipped.files[0]?.samples).toEqual([{ line: 2, reason: 'not valid JSON (truncated?)' }]);
  });
});
