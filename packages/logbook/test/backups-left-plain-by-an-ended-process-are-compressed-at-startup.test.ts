// A process that rotates and ends before its compression pass (due 2 s after the rotation) leaves its
// backups plain. Before the fix a RotatingFileHandler started later left them plain until its own next
// rotation, which may be days away; TimedRotatingFileHandler compressed them at startup already.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { RotatingFileHandler, TimedRotatingFileHandler } from '../src/index.js';
import { recordCountsIn, tally } from './helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const folders: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-startup-compress-'));
  folders.push(dir);
  return dir;
}

/** Waits until no name in `dir` matches `plain`; returns the names then. */
async function waitUntilNone(dir: string, plain: RegExp): Promise<string[]> {
  const names = (): string[] => readdirSync(dir).sort();
  await waitUntil(`no file matching ${String(plain)}`, () => !names().some((name) => plain.test(name)), {
    seen: () => names().join(', '),
  });
  return names();
}

const line = (channel: string, n: number): string =>
  `${JSON.stringify({ time: '2026-01-02T00:00:00.000Z', level: 'INFO', channel, message: 'x', fields: { n } })}\n`;

describe('compression of backups an ended process left plain', () => {
  it('RotatingFileHandler compresses them when it starts', async () => {
    const dir = folder();
    const path = join(dir, 'app.jsonl');
    // About ten rotations of 4 KiB files, then exit at once: the compression pass never ran.
    const script = `
      import { Logger, RotatingFileHandler } from 'logbook';
      const handler = new RotatingFileHandler(${JSON.stringify(path)}, { maxSize: 4096, backupCount: 100, compress: true, sync: true });
      handler.pushApplication();
      const log = new Logger('ended');
      for (let n = 0; n < 150; n++) log.info('record {n} {pad}', { n, pad: 'p'.repeat(60) });
      process.exit(0);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.stderr).toBe('');
    expect(readdirSync(dir).filter((name) => /^app\.jsonl\.\d+$/.test(name)).length).toBeGreaterThanOrEqual(
      2,
    );

    const handler = new RotatingFileHandler(path, { maxSize: 1024 * 1024, backupCount: 100, compress: true });
    const names = await waitUntilNone(dir, /^app\.jsonl\.\d+$/);
    handler.close();
    expect(names.filter((name) => /^app\.jsonl\.\d+$/.test(name))).toEqual([]);
    expect(names.filter((name) => name.endsWith('.gz')).length).toBeGreaterThanOrEqual(2);
    const seen = recordCountsIn(dir, (name) => name.startsWith('app.jsonl') && !name.endsWith('.lock'));
    expect(tally(seen, 150)).toEqual({ kept: 150, lost: 0, twice: 0 });
  }, 15_000);

  it("removes an ended process's half-written archives and leaves a running one's and its file alone", async () => {
    const dir = folder();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const livePid = process.ppid; // the test runner: running, and not this process
    const old = new Date(Date.now() - 60_000);
    const plain = (name: string, text: string): void => {
      writeFileSync(join(dir, name), text);
      utimesSync(join(dir, name), old, old); // written to long ago: due for compression
    };
    plain('app.jsonl.1', line('sized', 1));
    plain('app-2026-01-01.jsonl', line('timed', 1));
    const leftovers = [
      `app.jsonl.2.gz.${deadPid}.12.tmp`, // ended: removed
      `app.jsonl.1.gz.${livePid}.3.tmp`, // running: its own pass will finish or remove it
      `app-2026-01-01.jsonl.gz.${livePid}.1.tmp`, // running and compressing that day: the file is left to it
      `other.jsonl.1.gz.${deadPid}.1.tmp`, // another log's: not ours to remove
    ];
    for (const name of leftovers) writeFileSync(join(dir, name), 'half an archive');

    const sized = new RotatingFileHandler(join(dir, 'app.jsonl'), { compress: true });
    const timed = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, link: false });
    const names = await waitUntilNone(dir, /^app\.jsonl\.1$/);
    await sleep(200); // the timed handler's pass, started at the same time
    sized.close();
    timed.close();
    expect(names).toContain('app.jsonl.1.gz');
    expect(
      readdirSync(dir)
        .filter((name) => name.includes('.tmp') || name.startsWith('app-2026-01'))
        .sort(),
    ).toEqual([leftovers[2], 'app-2026-01-01.jsonl', leftovers[1], leftovers[3]].sort());
  }, 15_000);

  it('TimedRotatingFileHandler compresses past days when it starts, joining a day that has an archive', async () => {
    const dir = folder();
    // A day compressed earlier whose file a late write made again, and a day never compressed.
    writeFileSync(join(dir, 'app-2026-01-01.jsonl'), line('first', 1) + line('first', 2));
    writeFileSync(join(dir, 'app-2026-01-02.jsonl'), line('late', 1));
    const early = spawnSync(process.execPath, [
      '-e',
      `process.stdout.write(require('node:zlib').gzipSync(${JSON.stringify(line('second', 1) + line('second', 2))}))`,
    ]);
    writeFileSync(join(dir, 'app-2026-01-02.jsonl.gz'), early.stdout);

    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, link: false });
    const names = await waitUntilNone(dir, /^app-2026-01-0[12]\.jsonl$/);
    handler.close();
    expect(names.filter((name) => name.startsWith('app-2026-01-0'))).toEqual([
      'app-2026-01-01.jsonl.gz',
      'app-2026-01-02.jsonl.gz',
    ]);
    const seen = recordCountsIn(dir, (name) => name.startsWith('app-2026-01-0'));
    expect([...seen.keys()].sort()).toEqual(['first:1', 'first:2', 'late:1', 'second:1', 'second:2']);
  }, 15_000);
});
