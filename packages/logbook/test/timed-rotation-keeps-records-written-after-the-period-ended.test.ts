// TimedRotatingFileHandler shared by cluster workers, on a clock that runs an hour per real second. Before
// the fix a worker wrote its pending batch into the file of the period in which its records were logged,
// however late. A worker whose event loop was busy for 3 s past the end of a period
// - made that period's file again (its path check was due), and a later pass put the new file's archive over
//   the first one: the whole period was lost (5,740-7,500 of 17,180-19,201 records in ten runs);
// - with watchInterval: false, wrote into the file the other workers had compressed and removed: its 20
//   records were lost (five runs of five).
// Now a batch written after its period ended goes to the current period's file.
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

type Mode = 'slow' | 'slow-unwatched' | 'steady';

function run(seconds: number, mode: Mode, form: 'gz' | 'plain'): { dir: string; logged: number } {
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
  it.each<Mode>(['slow', 'slow-unwatched'])(
    'keeps every record once when a worker writes 3 s after its period ended and compress is on (%s)',
    (mode) => {
      const { dir, logged } = run(3, mode, 'gz');
      const names = readdirSync(dir);
      expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
      // Past periods were compressed while the slow worker was blocked (else nothing here was at risk).
      expect(names.filter((name) => name.endsWith('.jsonl.gz')).length).toBeGreaterThanOrEqual(2);
      expect(logged).toBeGreaterThan(5000);
      expect(tally(recordCountsIn(dir, periodFile), logged)).toEqual({ kept: logged, lost: 0, twice: 0 });
    },
    30_000,
  );

  it('keeps every record once without compression, each in one period file', () => {
    const { dir, logged } = run(2, 'steady', 'plain');
    expect(readdirSync(dir).filter(periodFile).length).toBeGreaterThanOrEqual(2);
    expect(logged).toBeGreaterThan(5000);
    expect(tally(recordCountsIn(dir, periodFile), logged)).toEqual({ kept: logged, lost: 0, twice: 0 });
  }, 30_000);
});
