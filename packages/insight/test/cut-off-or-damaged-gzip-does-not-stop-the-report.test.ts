import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, FIXTURE, generateRecords, tempDir } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

describe('a cut-off or damaged gzip file does not stop the report', () => {
  it('reads a cut-off archive up to the cut and counts the cut line as skipped', async () => {
    const dir = tempDir();
    const whole = gzipSync(readFileSync(FIXTURE));
    writeFileSync(join(dir, 'access.log.2.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    const jsonl = gzipSync(
      generateRecords({ users: 5 })
        .records.map((r) => JSON.stringify(r))
        .join('\n'),
    );
    writeFileSync(join(dir, 'app.jsonl.1.gz'), jsonl.subarray(0, Math.floor(jsonl.length * 0.6)));
    const r = await cli(['report', dir, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as Report;
    expect(report.totals.requests).toBeGreaterThan(1000);
    const skipped = Object.fromEntries(report.skipped.files.map((f) => [f.file.split('/').pop(), f]));
    expect(skipped['access.log.2.gz']?.count).toBe(1);
    expect(skipped['access.log.2.gz']?.samples[0]?.reason).toContain('truncated');
    expect(skipped['app.jsonl.1.gz']?.count).toBe(1);
  });

  it('lists a file with gzip magic bytes but no gzip data as skipped and reports the rest', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), readFileSync(FIXTURE));
    writeFileSync(join(dir, 'broken.gz'), Buffer.from('\x1f\x8b not gzip at all\n', 'latin1'));
    const r = await cli(['report', dir, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('9,999 requests');
    // The note wraps at the report's width (100 here): read it with its line breaks taken out.
    expect(r.out.replace(/\n +/g, ' ')).toMatch(
      /broken\.gz: 1 \(line 1: gzip magic bytes but no gzip data \(.+\); file skipped\)/,
    );
  });
});
