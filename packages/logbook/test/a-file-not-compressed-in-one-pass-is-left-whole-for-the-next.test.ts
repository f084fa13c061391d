// gzipFile (writer/gzip.ts) compresses a rotated file into a temporary and moves it into place only if the
// file is still there and did not change; otherwise the file stays as it was, no archive or temporary is left,
// and a later pass can compress it. Driven directly, as through a handler each attempt waits 2 s.
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { gzipFile } from '../src/writer/gzip.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-gzip-'));
  folders.push(dir);
  return dir;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('compressing one rotated file', () => {
  it('leaves the file whole when its archive could not be placed, and compresses it the next time', async () => {
    const dir = folder();
    const path = join(dir, 'app.jsonl.1');
    writeFileSync(path, '{"n":1}\n{"n":2}\n');
    // The rotation lock was not to be had: the archive is not placed.
    expect(await gzipFile(path, () => false)).toBe(false);
    expect(readdirSync(dir)).toEqual(['app.jsonl.1']);
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');

    expect(await gzipFile(path)).toBe(true);
    expect(readdirSync(dir)).toEqual(['app.jsonl.1.gz']);
    expect(gunzipSync(readFileSync(`${path}.gz`)).toString('utf8')).toBe('{"n":1}\n{"n":2}\n');
  });

  it('makes no archive of a file removed while it was being compressed', async () => {
    const dir = folder();
    const path = join(dir, 'app.jsonl.7');
    // A FIFO: its reader waits until we end it, so the removal surely falls within the compression.
    execFileSync('mkfifo', [path]);
    const writer = openSync(path, 'r+');
    const done = gzipFile(path);
    for (let waited = 0; waited < 3000; waited += 5) {
      if (readdirSync(dir).some((name) => name.endsWith('.tmp'))) break;
      await sleep(5);
    }
    unlinkSync(path); // removed by retention meanwhile
    closeSync(writer); // the end of the file
    expect(await done).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
