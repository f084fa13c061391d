// RotatingFileHandler with compress: true while rotations keep coming. Compression runs two seconds after a
// rotation, on the thread pool; meanwhile newer rotations rename app.jsonl.1 to .2 and so on. Before the fix a
// file was compressed under the name it had when compression began and the file that had moved into that name
// since was removed: records were lost and others kept twice.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Logger, RotatingFileHandler } from '../src/index.js';
import { pushForTest, recordCountsIn } from './helpers.js';

/** How many times each record (channel and n) appears across the plain and gzipped files of `dir`. */
const recordCounts = (dir: string): Map<string, number> =>
  recordCountsIn(dir, (name) => name.startsWith('app.jsonl') && !name.endsWith('.lock'));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('RotatingFileHandler compressing while it rotates', () => {
  it('keeps every record exactly once across the plain and gzipped files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-compress-'));
    const path = join(dir, 'app.jsonl');
    // What a process that exited while compressing leaves behind.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, `app.jsonl.3.gz.${deadPid}.1.tmp`), 'half an archive');
    const handler = pushForTest(
      new RotatingFileHandler(path, { maxSize: 16 * 1024, backupCount: 1000, compress: true }),
    );
    const log = new Logger('app');
    const padding = 'x'.repeat(200);
    let logged = 0;
    // About 120 rotations spread over 3.5 s, so that compressions (from 2 s on) overlap later rotations.
    for (let round = 0; round < 35; round++) {
      for (let i = 0; i < 250; i++) log.info('record {n} {padding}', { n: logged++, padding });
      await sleep(100);
    }
    handler.flushSync();
    // Wait for the compressions still running or scheduled (up to 2 s after the last rotation).
    const plainBackups = (): string[] => readdirSync(dir).filter((name) => /^app\.jsonl\.\d+$/.test(name));
    for (let waited = 0; waited < 8000 && plainBackups().length > 0; waited += 100) await sleep(100);
    await sleep(200);
    handler.close();

    const names = readdirSync(dir);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]); // none left, not even the dead process's
    const seen = recordCounts(dir);
    const repeated = [...seen].filter(([, count]) => count > 1).length;
    expect({ distinct: seen.size, repeated }).toEqual({ distinct: logged, repeated: 0 });
    rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  it('does so with two cluster workers compressing while both rotate', () => {
    // Across processes a file's inode number is given to a new file once it is removed; before the fix an
    // archive finished late by the other worker was put beside that new file, and the new file removed.
    const dir = mkdtempSync(join(tmpdir(), 'logbook-compress-cluster-'));
    const fixture = fileURLToPath(new URL('./fixtures/cluster-rotate-compress.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [fixture, join(dir, 'app.jsonl'), '6000'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('done\n');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const seen = recordCounts(dir);
    const repeated = [...seen].filter(([, count]) => count > 1).length;
    expect({ distinct: seen.size, repeated }).toEqual({ distinct: 12_000, repeated: 0 });
    rmSync(dir, { recursive: true, force: true });
  }, 40_000);
});
