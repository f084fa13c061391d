import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './helpers/records.js';

describe('skipped-line reasons say what is wrong', () => {
  it('tells a record whose time is not a date from one without a time', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'app.jsonl'),
      [
        '{"time":"2026-11-22T00:00:00Z","level":"INFO","msg":"ok"}',
        '{"time":"yesterday","level":"INFO","msg":"bad time"}',
        '{"level":"INFO","msg":"no time"}',
      ].join('\n') + '\n',
    );
    const r = await cli(['report', dir, '--json']);
    const report = JSON.parse(r.out) as {
      skipped: { files: { samples: { line: number; reason: string }[] }[] };
    };
    expect(report.skipped.files[0]!.samples).toEqual([
      { line: 2, reason: 'time is not an ISO-8601 date' },
      { line: 3, reason: 'not a Logbook record (no time or level)' },
    ]);
  });
});
