import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { lit, type Db } from '../db.js';
import { expandSources } from '../sources/files.js';
import type { LoadedLogs, LoadOptions } from '../sources/load.js';
import { fileIdentity } from '../file-identity.js';
import { Ingester } from './ingest.js';
import { isFollowedFormat } from './follower.js';

/** A file as it was just before the load: its identity (see fileIdentity) and size. */
interface Pinned {
  identity: string;
  size: number;
}

/** Where following a loaded file starts: after `size` bytes of the file that had `identity` then. */
export interface Extent {
  file: string;
  format: string;
  size?: number;
  identity?: string;
}

/** The identity and size of every file the sources name now, taken just before they are loaded. */
export function pinSources(sources: readonly string[]): Map<string, Pinned> {
  const pins = new Map<string, Pinned>();
  let files: string[];
  try {
    files = expandSources(sources, false);
  } catch {
    return pins; // the loader names what is wrong
  }
  for (const file of files) {
    try {
      const stats = statSync(file);
      pins.set(file, { identity: fileIdentity(stats), size: stats.size });
    } catch {
      // gone already: new to the follower if it comes back
    }
  }
  return pins;
}

/**
 * Makes `records` hold exactly a known prefix of each followed file, and says where following each starts. The
 * loader reads a file to whatever end it has at that moment, and more than once: a file that grew or was renamed
 * (logrotate) while it was read was read to no end anyone knows. Such a file's rows are read again from the lines
 * it had at the end of the load (by identity, wherever it was renamed), so the follower can go on from exactly
 * there. A file unchanged since it was pinned was read to its pinned size. A file that appeared during the load is
 * left to the follower whole.
 */
export async function settleLoad(
  loaded: LoadedLogs,
  pins: ReadonlyMap<string, Pinned>,
  sources: readonly string[],
  options: Pick<LoadOptions, 'requestTime'>,
): Promise<Extent[]> {
  const extents: Extent[] = [];
  let ingester: Ingester | undefined;
  try {
    for (const f of loaded.files) {
      const pin = pins.get(f.file);
      if (f.gzip) {
        // An archive is history: never read as lines (no followed format), so growth is judged gzip and passed over.
        extents.push({ file: f.file, format: 'gzip', ...pin });
        continue;
      }
      if (pin === undefined) {
        await forget(loaded, f.file);
        f.records = 0;
        setSkipped(loaded, f.file, 0);
        continue;
      }
      if (sameAsPinned(f.file, pin)) {
        extents.push({ file: f.file, format: f.format, ...pin });
        continue;
      }
      await forget(loaded, f.file);
      let size = 0;
      const fd = openByIdentity(f.file, pin.identity, sources);
      if (fd !== undefined)
        try {
          size = lastLineEnd(fd);
          if (isFollowedFormat(f.format)) {
            ingester ??= new Ingester();
            const got = await ingester.ingest(
              loaded,
              f.file,
              f.format,
              { fd, length: size },
              undefined,
              options,
            );
            f.records = got.records;
            setSkipped(loaded, f.file, got.skipped);
          } else size = 0; // not yet a log it can read: the follower judges it again from the start
        } finally {
          closeSync(fd);
        }
      else f.records = 0; // deleted during the load
      extents.push({ file: f.file, format: f.format, identity: pin.identity, size });
    }
  } finally {
    ingester?.close();
  }
  return extents;
}

function sameAsPinned(file: string, pin: Pinned): boolean {
  try {
    const stats = statSync(file);
    return fileIdentity(stats) === pin.identity && stats.size === pin.size;
  } catch {
    return false;
  }
}

/** Opens the file that had `identity`: at its name, or at the name a rotation gave it since. */
function openByIdentity(file: string, identity: string, sources: readonly string[]): number | undefined {
  const candidates = [file];
  try {
    candidates.push(...expandSources(sources, false));
  } catch {
    // only its own name is left to try
  }
  for (const path of candidates) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      continue;
    }
    if (fileIdentity(fstatSync(fd)) === identity) return fd;
    closeSync(fd);
  }
  return undefined;
}

const BACK = 64 * 1024;

/** The offset just after the file's last line feed (0 without one): a half-written line is left to the follower. */
function lastLineEnd(fd: number): number {
  const piece = Buffer.alloc(BACK);
  for (let end = fstatSync(fd).size; end > 0;) {
    const start = Math.max(0, end - BACK);
    const n = readSync(fd, piece, 0, end - start, start);
    const nl = piece.subarray(0, n).lastIndexOf(10);
    if (nl >= 0) return start + nl + 1;
    end = start;
  }
  return 0;
}

/** Removes what the loader read of a file. */
async function forget(db: Db, file: string): Promise<void> {
  await db.conn.run(`DELETE FROM records WHERE src = ${lit(file)}`);
}

/** Sets a file's count of skipped lines to what its rows were read again with (keeping the loader's samples). */
function setSkipped(loaded: LoadedLogs, file: string, count: number): void {
  const files = loaded.skipped.files;
  const at = files.findIndex((s) => s.file === file);
  if (at >= 0 && count === 0) files.splice(at, 1);
  else if (at >= 0) files[at]!.count = count;
  else if (count > 0) files.push({ file, count, samples: [] });
  loaded.skipped.count = files.reduce((n, s) => n + s.count, 0);
}
