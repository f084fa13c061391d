// A lock between processes for rotation: mkdir is atomic on every local file system. A lock older than
// `staleMs` is taken to belong to a process that died while rotating and is broken.

import { mkdirSync, rmdirSync, statSync } from 'node:fs';

export function tryLock(path: string, staleMs = 10_000): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const st = statSync(path, { throwIfNoEntry: false });
    if (st !== undefined && Date.now() - st.mtimeMs > staleMs) {
      unlock(path);
      return tryLock(path, staleMs);
    }
    return false;
  }
}

/** Takes the lock, waiting up to `waitMs` for another process to release it. */
export function lock(path: string, waitMs = 2000): boolean {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!tryLock(path)) {
    if (Date.now() >= deadline) return false;
    Atomics.wait(pause, 0, 0, 2);
  }
  return true;
}

export function unlock(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Already broken by another process as stale.
  }
}
