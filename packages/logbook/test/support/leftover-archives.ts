// What the tests of unfinished archives (`<file>.gz.<pid>.<n>.tmp` left by an ended process) share: a folder per
// test, a process id that is surely dead, record lines to count, and files already due for compression.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A function that makes a new temporary folder; each is removed after its test. Call at a test file's top level. */
export function tempFolders(prefix: string): () => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };
}

/** The id of a process that has ended (a child that ran nothing). */
export const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

/** JSON record lines of `channel` numbered `from` to `to` (in `fields.n`), each with `message`. */
export function recordLines(channel: string, from: number, to: number, message = 'x'): string {
  let text = '';
  for (let n = from; n <= to; n++) {
    text += `${JSON.stringify({ time: '2026-01-02T00:00:00.000Z', level: 'INFO', channel, message, fields: { n } })}\n`;
  }
  return text;
}

/** Writes `name` in `dir`, last written a minute ago (due for compression). */
export function putDue(dir: string, name: string, data: string | Buffer): void {
  writeFileSync(join(dir, name), data);
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, name), old, old);
}
