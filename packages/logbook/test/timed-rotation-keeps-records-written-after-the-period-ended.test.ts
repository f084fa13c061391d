// TimedRotatingFileHandler shared by cluster workers, on a clock that runs an hour per real second. Before
// the fix a worker wrote its batch into the file of the period in which the batch's records were logged,
// however late: a worker whose event loop was busy for 3 s past the end of a period wrote into a file the
// other workers had compressed and removed meanwhile (the lines were lost), or made the file again and a
// later pass put its archive over the first one (that period's records were lost): 5,740-7,420 of
// 17,180-19,040 records lost in each of seven runs (the slow worker's batch plus whole periods). Now a batch written after its period ended goes to the
// current period's file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordCountsIn, tally } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/cluster-timed-compress.mjs', import.meta.url));
const periodFile = (name: string): boolean => /^app-[\d-]+\.jsonl(\.gz)?$/.test(name);
const folders: string[] = [];

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(
  seconds: number,
  mode: 'slow' | 'steady',
  form: 'gz' | 'plain',
): { dir: string; logged: number } {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-timed-'));
  folders.push(dir);
  const result = spawnSync(
    process.execPath,
    [fixture, join(dir, 'app.jsonl'), '4', String(seconds), mode, form],
    {
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return { dir, logged: Number(result.stdout) };
}

describe('TimedRotatingFileHandler with four cluster workers and a period a second', () => {
  it('keeps every record once when a worker writes 3 s after its period ended and compress is on', () => {
    const { dir, logged } = run(3, 'slow', 'gz');
    const names = readdirSync(dir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // Past periods were compressed while the slow worker was blocked (else nothing here was at risk).
    expect(names.filter((name) => name.endsWith('.jsonl.gz')).length).toBeGreaterThanOrEqual(2);
    expect(logged).toBeGreaterThan(5000);
    expect(tally(recordCountsIn(dir, periodFile), logged)).toEqual({ kept: logged, lost: 0, twice: 0 });
  }, 30_000);

  it('keeps every record once without compression, each in one period file', () => {
    const { dir, logged } = run(2, 'steady', 'plain');
    expect(readdirSync(dir).filter(periodFile).length).toBeGreaterThanOrEqual(2);
    expect(logged).toBeGreaterThan(5000);
    expect(tally(recordCountsIn(dir, periodFile), logged)).toEqual({ kept: logged, lost: 0, twice: 0 });
  }, 30_000);
});
