// RotatingFileHandler shared by four cluster workers, with and without compress: every record each worker
// logged is in exactly one of the files (the two-worker runs are in file-rotation and compressing-rotated-files
// tests; timed rotation with four workers is in timed-rotation-keeps-records-written-after-the-period-ended).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordCountsIn, tally } from './helpers.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runFixture(name: string, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-four-workers-'));
  folders.push(dir);
  const fixture = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const result = spawnSync(process.execPath, [fixture, join(dir, 'app.jsonl'), ...args], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.stderr).toBe('');
  expect(result.stdout).toBe('done\n');
  return dir;
}

const rotated = (name: string): boolean => name.startsWith('app.jsonl') && !name.endsWith('.lock');

describe('RotatingFileHandler with four cluster workers', () => {
  it('keeps 4 × 25,000 records once each across 1 MB files', () => {
    const dir = runFixture('cluster-rotate.mjs', ['4', '25000']);
    expect(readdirSync(dir).filter((name) => /^app\.jsonl\.\d+$/.test(name)).length).toBeGreaterThanOrEqual(
      2,
    );
    // cluster-rotate.mjs numbers lines per worker in fields.n.
    expect(tally(recordCountsIn(dir, rotated), 100_000)).toEqual({ kept: 100_000, lost: 0, twice: 0 });
  }, 30_000);

  it('keeps 4 × 2,000 records once each across 16 KiB files compressed while all four rotate', () => {
    const dir = runFixture('cluster-rotate-compress.mjs', ['2000', '4']);
    const names = readdirSync(dir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(names.filter((name) => name.endsWith('.gz')).length).toBeGreaterThanOrEqual(10);
    expect(tally(recordCountsIn(dir, rotated), 8000)).toEqual({ kept: 8000, lost: 0, twice: 0 });
  }, 30_000);
});
