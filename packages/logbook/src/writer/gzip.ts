// Rotated files are compressed by zlib on libuv's thread pool (stream pipeline), never on the main
// thread. The .gz appears under its final name only when complete (written as a temporary, renamed).

import { createReadStream, createWriteStream, renameSync, rmSync, unlinkSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const inProgress = new Set<string>();

/** Compresses `path` to `path.gz` and removes `path`. Resolves false if it failed (the file stays). */
export async function gzipFile(path: string): Promise<boolean> {
  if (inProgress.has(path)) return false;
  inProgress.add(path);
  const temporary = `${path}.gz.${process.pid}.tmp`;
  try {
    await pipeline(createReadStream(path), createGzip(), createWriteStream(temporary, { flags: 'wx' }));
    renameSync(temporary, `${path}.gz`);
    unlinkSync(path);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  } finally {
    inProgress.delete(path);
  }
}
