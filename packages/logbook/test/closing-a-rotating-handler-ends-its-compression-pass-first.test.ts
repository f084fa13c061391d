// Before the fix close() of a rotating handler with `compress: true` returned while a compression pass went on
// (its timers are unref'd): a program that closed the handler and then read or archived the folder found a
// half-written `<file>.gz.<pid>.<n>.tmp`, and the pass went on writing and renaming files after close(). Now
// close() returns a promise that resolves once the running pass has ended: its unfinished archive removed, the file
// it was compressing left plain and whole (the next handler started with `compress: true` compresses it), and no
// pass starts after close().
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { RotatingFileHandler, TimedRotatingFileHandler } from '../src/index.js';

const folders: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding `name`: 16 MiB of lines that gzip slowly (random hex), last written a minute ago. */
function folderWith(name: string): { dir: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-close-compressing-'));
  folders.push(dir);
  const text = `${randomBytes(8 * 1024 * 1024)
    .toString('hex')
    .replace(/(.{200})/g, '$1\n')}\n`;
  writeFileSync(join(dir, name), text);
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, name), old, old);
  return { dir, text };
}

/** Waits for the pass (due 2 s after the handler started) to begin writing its archive. */
async function compressing(dir: string): Promise<boolean> {
  const names = (): string[] => readdirSync(dir).sort();
  return waitUntil(
    'the pass to begin writing its archive',
    () => names().some((name) => name.endsWith('.tmp')),
    {
      seen: () => names().join(', '),
    },
  );
}

describe('close() of a rotating handler during a compression pass', () => {
  it('RotatingFileHandler: resolves once the pass has ended, with no unfinished archive and the backup whole', async () => {
    const { dir, text } = folderWith('app.jsonl.1');
    const handler = new RotatingFileHandler(join(dir, 'app.jsonl'), { compress: true });
    expect(await compressing(dir)).toBe(true);
    await handler.close();
    expect(readdirSync(dir).sort()).toEqual(['app.jsonl', 'app.jsonl.1']);
    expect(readFileSync(join(dir, 'app.jsonl.1'), 'utf8') === text).toBe(true);
    await sleep(300); // nor does a pass go on afterwards
    expect(readdirSync(dir).sort()).toEqual(['app.jsonl', 'app.jsonl.1']);
  }, 20_000);

  it('TimedRotatingFileHandler: the same for a past day being compressed', async () => {
    const { dir, text } = folderWith('app-2026-01-01.jsonl');
    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, link: false });
    expect(await compressing(dir)).toBe(true);
    await handler.close();
    const names = (): string[] => readdirSync(dir).filter((name) => name.startsWith('app-2026-01-01'));
    expect(names()).toEqual(['app-2026-01-01.jsonl']);
    expect(readFileSync(join(dir, 'app-2026-01-01.jsonl'), 'utf8') === text).toBe(true);
    await sleep(300);
    expect(names()).toEqual(['app-2026-01-01.jsonl']);
  }, 20_000);
});
