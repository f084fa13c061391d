import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { lit, type Db } from '../db.js';
import { expandSources } from '../sources/files.js';
import type { LoadedLogs, LoadOptions, SourceFile } from '../sources/load.js';
import { fileIdentity } from '../file-identity.js';
import { Ingester } from './ingest.js';
import { isFollowedFormat } from './follower.js';

/** A file as the file system had it at some moment: its identity (see fileIdentity) and size. */
interface Seen {
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

/**
 * What the first load read of each file, so following goes on from exactly there. The files are pinned (identity
 * and size) before the load, and looked at again as the loader finishes each (give `fileRead` as its onProgress). A
 * file the same both times was read to its pinned size, whatever happened to it after. A file that grew or was
 * renamed (logrotate) in between was read to an end nobody knows (the loader reads to whatever end it finds, more
 * than once): `settle` reads its rows again, from the file that had the pinned identity wherever it is now, up to
 * its last line feed. A file that appeared after the pin is left to the follower, whole.
 */
export class LoadExtents {
  private readonly pinned = new Map<string, Seen>();
  private readonly read = new Map<string, Seen>();

  constructor(private readonly sources: readonly string[]) {
    let files: string[];
    try {
      files = expandSources(sources, false);
    } catch {
      return; // the loader names what is wrong
    }
    for (const file of files) {
      const seen = seenNow(file);
      if (seen) this.pinned.set(file, seen);
    }
  }

  /** To be called as soon as the loader has read `file`. */
  fileRead(file: string): void {
    const seen = seenNow(file);
    if (seen) this.read.set(file, seen);
  }

  /** Makes `records` hold exactly the extent of each file that following starts from, and gives those extents. */
  async settle(loaded: LoadedLogs, options: Pick<LoadOptions, 'requestTime'>): Promise<Extent[]> {
    const extents: Extent[] = [];
    let ingester: Ingester | undefined;
    try {
      for (const f of loaded.files) {
        const pin = this.pinned.get(f.file);
        if (f.gzip) {
          // An archive is history: never read as lines (no followed format), so growth is judged gzip and passed over.
          extents.push({ file: f.file, format: 'gzip', ...pin });
          continue;
        }
        if (pin === undefined) {
          await leaveToFollower(loaded, f);
          continue;
        }
        const read = this.read.get(f.file);
        if (read && read.identity === pin.identity && read.size === pin.size) {
          extents.push({ file: f.file, format: f.format, ...pin });
          continue;
        }
        const fd = openByIdentity(f.file, pin.identity, this.sources);
        if (fd === undefined) {
          // Deleted during the load: what the loader read of it is all there is, unless another file took its name
          // (which the loader may have read instead, and the follower reads whole).
          if (existsSync(f.file)) await leaveToFollower(loaded, f);
          continue;
        }
        try {
          await forget(loaded, f.file);
          let size = lastLineEnd(fd);
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
          extents.push({ file: f.file, format: f.format, identity: pin.identity, size });
        } finally {
          closeSync(fd);
        }
      }
    } finally {
      ingester?.close();
    }
    return extents;
  }
}

function seenNow(file: string): Seen | undefined {
  try {
    const stats = statSync(file);
    return { identity: fileIdentity(stats), size: stats.size };
  } catch {
    return undefined; // gone: new to the follower if it comes back
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

/** Removes what the loader read of a file new since the pin, which the follower, not knowing it, reads whole. */
async function leaveToFollower(loaded: LoadedLogs, f: SourceFile): Promise<void> {
  await forget(loaded, f.file);
  f.records = 0;
  setSkipped(loaded, f.file, 0);
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
