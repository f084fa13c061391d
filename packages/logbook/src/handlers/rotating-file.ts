// Size-based rotation: app.jsonl, app.jsonl.1 (newest backup) … app.jsonl.N. Several processes may share
// the file: each checks before a batch whether the path still names its file (another process rotated:
// reopen) and rotates under a lock directory, so a rotation happens once and no line is written twice.

import { existsSync, fstatSync, renameSync, rmSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import { FileHandler, type FileHandlerOptions } from './file.js';
import { lock, unlock } from '../writer/file-lock.js';
import { CompressionPasses } from '../writer/compression-passes.js';
import { tidyAbandonedArchive, type ArchiveHome } from '../writer/abandoned-archives.js';
import { abandonedArchives, gzipFile } from '../writer/gzip.js';

export interface RotatingFileHandlerOptions extends FileHandlerOptions {
  /** Rotate before the file would grow past this many bytes (default 10 MiB). */
  maxSize?: number;
  /** How many rotated files to keep (default 5); the oldest is removed. */
  backupCount?: number;
  /** Gzip rotated files on the thread pool, two seconds after rotation (default false). */
  compress?: boolean;
}

/** Delay before compressing, so that processes still finishing a batch on the old file are done. */
export const COMPRESS_DELAY_MS = 2000;

export class RotatingFileHandler extends FileHandler {
  readonly maxSize: number;
  readonly backupCount: number;
  readonly compress: boolean;
  private readonly compression = new CompressionPasses(() => this.compressBackups(), COMPRESS_DELAY_MS);

  constructor(path: string, options: RotatingFileHandlerOptions = {}) {
    const maxSize = options.maxSize ?? 10 * 1024 * 1024;
    const backupCount = options.backupCount ?? 5;
    // Checked before super() opens the file: a rejected handler leaves no file and no open descriptor.
    if (!Number.isFinite(maxSize) || maxSize <= 0) {
      throw new TypeError(`maxSize must be a positive number of bytes, got ${String(options.maxSize)}.`);
    }
    if (!Number.isInteger(backupCount) || backupCount < 1) {
      throw new TypeError(
        `backupCount must be a whole number of at least 1, got ${String(options.backupCount)}.`,
      );
    }
    super(path, { watchInterval: 0, ...options });
    this.maxSize = maxSize;
    this.backupCount = backupCount;
    this.compress = options.compress ?? false;
    // Backups an earlier process left plain (it exited before its compression pass), and archives it left
    // unfinished (it ended while compressing), are dealt with now, not only after the next rotation, which may be
    // days away.
    if (this.compress && (this.hasPlainBackups() || this.leftArchives().length > 0))
      this.compression.schedule();
  }

  /**
   * Writes what is pending and closes the file at once, and stops compressing: the promise resolves when a pass
   * that was running has ended, its unfinished archive removed; the backup it was reading stays plain, for the next
   * handler started with `compress: true`.
   */
  override close(): Promise<void> {
    this.closeNow();
    return this.compression.stop();
  }

  /**
   * The unfinished archives of this handler's backups. Another file named alike (`app.log.0` or `app.log.old` left
   * by another tool or by hand, or the log itself) is not one: its archive and its records are not ours to move.
   */
  private leftArchives(): ReturnType<typeof abandonedArchives> {
    return abandonedArchives(dirname(this.path), `${basename(this.path)}.`).filter(
      (left) => this.backupNumber(left.file) !== undefined,
    );
  }

  /** N for a backup's name `<path>.N` as rotation writes it (N ≥ 1, no leading zero); undefined for other names. */
  private backupNumber(file: string): number | undefined {
    const suffix = file.slice(this.path.length + 1);
    return /^[1-9]\d*$/.test(suffix) ? Number(suffix) : undefined;
  }

  private hasPlainBackups(): boolean {
    for (let i = 1; i <= this.backupCount; i++) if (existsSync(`${this.path}.${i}`)) return true;
    return false;
  }

  protected override prepare(bytes: number): void {
    super.prepare(bytes);
    const size = fstatSync(this.fd!).size + this.backlog;
    if (size > 0 && size + bytes > this.maxSize) this.rotate(bytes);
  }

  private rotate(bytes: number): void {
    const lockPath = `${this.path}.lock`;
    // Another process holding the lock for long: write on, and try again at the next batch.
    if (!lock(lockPath)) return;
    try {
      const st = statSync(this.path, { throwIfNoEntry: false });
      if (st === undefined || st.ino !== this.ino || st.dev !== this.dev) {
        // Another process rotated between our check and the lock: write to the new file.
        this.closeFile();
        this.open();
        return;
      }
      if (st.size + this.backlog + bytes <= this.maxSize) return;
      this.closeFile(); // drains the write thread into the file being rotated
      this.shift();
      this.open();
    } finally {
      unlock(lockPath);
    }
  }

  private shift(): void {
    const base = this.path;
    // The oldest goes first, whichever form it has (a plain .N would otherwise stay beside a newer .N.gz).
    rmSync(`${base}.${this.backupCount}`, { force: true });
    rmSync(`${base}.${this.backupCount}.gz`, { force: true });
    for (let i = this.backupCount - 1; i >= 1; i--) {
      for (const suffix of ['', '.gz']) {
        const from = `${base}.${i}${suffix}`;
        if (existsSync(from)) renameSync(from, `${base}.${i + 1}${suffix}`);
      }
    }
    rmSync(`${base}.1.gz`, { force: true });
    renameSync(base, `${base}.1`);
    if (this.compress) this.compression.schedule();
  }

  /**
   * Tidies the archives ended processes left unfinished, then gzips the backups nobody has written to for
   * COMPRESS_DELAY_MS; returns when to look again.
   */
  private async compressBackups(): Promise<number> {
    const signal = this.compression.signal;
    for (const left of this.leftArchives()) {
      if (signal.aborted) return Infinity;
      await tidyAbandonedArchive(left, this.archiveHome);
    }
    let nextDue = Infinity;
    for (let i = 1; i <= this.backupCount && !signal.aborted; i++) {
      const path = `${this.path}.${i}`;
      const st = statSync(path, { throwIfNoEntry: false });
      if (st === undefined) continue;
      // Written to moments ago (rotated by another process, say): a process may still finish a batch in it.
      const due = st.mtimeMs + COMPRESS_DELAY_MS;
      if (due > Date.now()) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      await gzipFile(path, (temporary, source) => this.placeArchive(temporary, source, i), signal);
    }
    return nextDue;
  }

  /**
   * Where the records of an unfinished archive of backup N may be: rotations only ever move a backup to a higher
   * number. One found nowhere else goes to the first number from N on that no backup has.
   */
  private readonly archiveHome: ArchiveHome = {
    plainCopies: (file) => this.backupsFrom(file, ''),
    archives: (file) => this.backupsFrom(file, '.gz'),
    adopt: (archive, file) => {
      const lockPath = `${this.path}.lock`;
      if (!lock(lockPath)) return false;
      try {
        for (const plain of this.backupsFrom(file, '')) {
          if (existsSync(plain) || existsSync(`${plain}.gz`)) continue;
          renameSync(archive, `${plain}.gz`);
          return true;
        }
        return false;
      } finally {
        unlock(lockPath);
      }
    },
  };

  /** `<path>.N<suffix>` … `<path>.<backupCount><suffix>` for the backup `file` (`<path>.N`); none for another file. */
  private backupsFrom(file: string, suffix: string): string[] {
    const paths: string[] = [];
    const from = this.backupNumber(file) ?? Infinity;
    for (let i = from; i <= this.backupCount; i++) paths.push(`${this.path}.${i}${suffix}`);
    return paths;
  }

  /**
   * Puts a finished archive beside the file it was made from. Rotations (of this or another process) may
   * have renamed that file from `.from` to a higher number meanwhile, and another file may now have its old
   * name: the file is found by its inode, under the rotation lock so that no rename happens meanwhile.
   */
  private placeArchive(temporary: string, source: Stats, from: number): boolean {
    const lockPath = `${this.path}.lock`;
    if (!lock(lockPath)) return false; // the next rotation compresses it again
    try {
      for (let i = from; i <= this.backupCount; i++) {
        const candidate = `${this.path}.${i}`;
        const st = statSync(candidate, { throwIfNoEntry: false });
        if (st !== undefined && st.ino === source.ino && st.dev === source.dev) {
          renameSync(temporary, `${candidate}.gz`);
          unlinkSync(candidate);
          return true;
        }
      }
      return false; // removed by retention, or compressed by another process
    } finally {
      unlock(lockPath);
    }
  }
}
