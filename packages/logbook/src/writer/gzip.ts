// Rotated files are compressed by zlib on libuv's thread pool (stream pipeline), never on the main
// thread. The .gz appears under its final name only when complete (written as a temporary, renamed).
// A file is followed by its device and inode, not its name: size rotation renames backups while they are
// being compressed, so the caller decides where the finished archive goes (`place`). The file stays open
// until then, so that its inode number cannot be given to a new file meanwhile.

import {
  closeSync,
  createReadStream,
  createWriteStream,
  fstatSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const inProgress = new Set<string>();
let temporaries = 0;
/** The temporary archives being written now, removed if the process exits meanwhile (see gzipFile). */
const unfinished = new Set<string>();
let removedAtExit = false;

function removeUnfinished(): void {
  for (const temporary of unfinished) rmSync(temporary, { force: true });
}

/**
 * Moves the finished archive `temporary` into place for the file `source` (the compressed file, still open)
 * and removes that file. Returns false when the file is gone or was compressed elsewhere; the temporary is
 * then removed.
 */
export type PlaceArchive = (temporary: string, source: Stats) => boolean;

/** The default for files that are never renamed: `path.gz` beside `path`. */
function besideOriginal(path: string): PlaceArchive {
  return (temporary) => {
    renameSync(temporary, `${path}.gz`);
    unlinkSync(path);
    return true;
  };
}

/**
 * Compresses `path` and removes it. Resolves false if it did not (the file stays, or is handled elsewhere), also
 * when `signal` is aborted meanwhile: the archive being written is then removed and the file left as it is.
 */
export async function gzipFile(
  path: string,
  place: PlaceArchive = besideOriginal(path),
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted === true) return false;
  let fd: number;
  let source: Stats;
  try {
    fd = openSync(path, 'r');
    source = fstatSync(fd);
  } catch {
    return false; // renamed or removed since it was listed
  }
  const key = `${source.dev}:${source.ino}`;
  if (inProgress.has(key)) {
    closeSync(fd); // already being compressed (by an earlier pass, under its older name)
    return false;
  }
  inProgress.add(key);
  const temporary = temporaryArchive(path);
  // A process that exits (process.exit() after close(), say) while a pass runs would leave the half-written
  // archive, which only a later process's pass removes; the file itself stays plain for that pass either way.
  unfinished.add(temporary);
  if (!removedAtExit) {
    removedAtExit = true;
    process.on('exit', removeUnfinished);
  }
  try {
    const input = createReadStream('', { fd, autoClose: false });
    await pipeline(input, createGzip(), createWriteStream(temporary, { flags: 'wx' }), { signal });
    const now = fstatSync(fd);
    // Removed meanwhile, or a process still appended to it after the end was read: keep the file as it is.
    if (now.nlink > 0 && now.size === input.bytesRead && place(temporary, now)) return true;
    rmSync(temporary, { force: true });
    return false;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  } finally {
    unfinished.delete(temporary);
    inProgress.delete(key);
    closeSync(fd);
  }
}

/** A new name for an archive of `path` being written by this process: `<path>.gz.<pid>.<n>.tmp`. */
export function temporaryArchive(path: string): string {
  return `${path}.gz.${process.pid}.${++temporaries}.tmp`;
}

const TEMPORARY = /\.gz\.(\d+)\.\d+\.tmp$/;

/** An archive a process left unfinished (`temporary`), and the file it was being made of, by its name then. */
export interface AbandonedArchive {
  readonly temporary: string;
  readonly file: string;
}

/**
 * The temporary archives (`<file>.gz.<pid>.<n>.tmp`) of files named `<prefix>…` in `dir` whose process has ended:
 * it ended while compressing, and nothing but a later process's pass deals with them
 * (writer/abandoned-archives.ts).
 */
export function abandonedArchives(dir: string, prefix: string): AbandonedArchive[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: AbandonedArchive[] = [];
  for (const name of names.sort()) {
    const match = name.startsWith(prefix) ? TEMPORARY.exec(name) : null;
    if (match === null || isRunning(Number(match[1]))) continue;
    found.push({ temporary: join(dir, name), file: join(dir, name.slice(0, match.index)) });
  }
  return found;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

/** Whether another running process is compressing `path` now (its temporary archive is there). */
export function compressingElsewhere(path: string): boolean {
  const prefix = `${basename(path)}.gz.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return false;
  }
  return names.some((name) => {
    const match = name.startsWith(prefix) ? TEMPORARY.exec(name) : null;
    return match !== null && Number(match[1]) !== process.pid && isRunning(Number(match[1]));
  });
}
