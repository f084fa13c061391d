// Time-based rotation: records go straight into a file named after their period, app-2026-11-21.jsonl
// (daily) or app-2026-11-21-13.jsonl (hourly), in UTC or local time. A file is only ever appended to,
// never renamed or truncated, so local time is safe: when a clock change repeats an hour (daylight
// saving), the repeated hour's records are appended to the same file instead of overwriting it, and
// several processes can write the same day's file. `app.jsonl` is kept as a symbolic link to the
// current file, so tools can follow the live log by one name.

import {
  appendFileSync,
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { currentTime } from '../clock.js';
import type { BatchReason } from '../handler.js';
import type { LogRecord } from '../record.js';
import { lock, unlock } from '../writer/file-lock.js';
import { CompressionPasses } from '../writer/compression-passes.js';
import { tidyAbandonedArchive, type ArchiveHome } from '../writer/abandoned-archives.js';
import { abandonedArchives, compressingElsewhere, gzipFile } from '../writer/gzip.js';
import { FileHandler, type FileHandlerOptions } from './file.js';
import { COMPRESS_DELAY_MS } from './rotating-file.js';

export type RotationInterval = 'daily' | 'hourly';

export interface TimedRotatingFileHandlerOptions extends FileHandlerOptions {
  /** 'daily' (default) or 'hourly'. */
  interval?: RotationInterval;
  /** Which clock names the periods: 'utc' (default, like the records' times) or 'local'. */
  timeZone?: 'utc' | 'local';
  /** Keep the files of at most this many past periods, the newest (default: no limit by count). */
  backupCount?: number;
  /** Remove past files last written more than this many days ago (default: no limit by age). */
  maxAgeDays?: number;
  /** Gzip past files on the thread pool (default false). */
  compress?: boolean;
  /** Keep `<path>` as a symbolic link to the current file (default true). */
  link?: boolean;
}

interface Period {
  readonly start: number;
  readonly end: number;
  readonly key: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function pad(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/**
 * The period containing `time` and its name part. Local periods follow the local calendar (DST-safe). A time
 * whose period has no name of the form YYYY-MM-DD (NaN, Infinity, a year before 0000 or after 9999) is refused
 * with a RangeError: a file named after it would be `app-NaN-NaN-NaN.jsonl`.
 */
export function periodOf(time: number, interval: RotationInterval, zone: 'utc' | 'local'): Period {
  const period = periodOrUndefined(time, interval, zone);
  if (period === undefined) {
    throw new RangeError(
      `periodOf: ${String(time)} is no time a period file can be named after; give milliseconds since the ` +
        'epoch of a date in the years 0000 to 9999 (what Date.now() returns).',
    );
  }
  return period;
}

const PERIOD_KEY = /^\d{4}-\d{2}-\d{2}(?:-\d{2})?$/;

function periodOrUndefined(
  time: number,
  interval: RotationInterval,
  zone: 'utc' | 'local',
): Period | undefined {
  if (typeof time !== 'number' || !Number.isFinite(time)) return undefined;
  let period: Period;
  if (zone === 'utc') {
    const size = interval === 'daily' ? DAY : HOUR;
    const start = Math.floor(time / size) * size;
    const d = new Date(start);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    period = { start, end: start + size, key: interval === 'daily' ? day : `${day}-${pad(d.getUTCHours())}` };
  } else {
    const d = new Date(time);
    const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    if (interval === 'daily') {
      const start = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
      const end = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
      period = { start, end, key: day };
    } else {
      // An hour is an hour of absolute time; its name is the local wall-clock hour.
      const start = Math.floor(time / HOUR) * HOUR;
      period = { start, end: start + HOUR, key: `${day}-${pad(d.getHours())}` };
    }
  }
  // A year of other than four digits (or none: beyond what a Date holds) names no file pastFiles() would find.
  return PERIOD_KEY.test(period.key) && Number.isFinite(period.end) ? period : undefined;
}

/**
 * The period a time chooses, when it is one a clock can tell: from 1970 (a negative time is a broken clock, not a
 * record from 1969) to the year 9999. Undefined otherwise: NaN, Infinity, a negative or far-future time.
 */
function periodOfClockTime(
  time: number,
  interval: RotationInterval,
  zone: 'utc' | 'local',
): Period | undefined {
  return time >= 0 ? periodOrUndefined(time, interval, zone) : undefined;
}

function namer(path: string): { dir: string; stem: string; ext: string } {
  const full = resolve(path);
  const ext = extname(full);
  return { dir: dirname(full), stem: basename(full, ext), ext };
}

function datedPath(path: string, key: string): string {
  const { dir, stem, ext } = namer(path);
  return join(dir, `${stem}-${key}${ext}`);
}

export class TimedRotatingFileHandler extends FileHandler {
  readonly interval: RotationInterval;
  readonly timeZone: 'utc' | 'local';
  readonly backupCount: number | undefined;
  readonly maxAgeDays: number | undefined;
  readonly compress: boolean;
  private readonly basePath: string;
  private readonly link: boolean;
  private period: Period;
  private readonly compression = new CompressionPasses(() => this.compressPastFiles(), COMPRESS_DELAY_MS);

  constructor(path: string, options: TimedRotatingFileHandlerOptions = {}) {
    const interval = options.interval ?? 'daily';
    const zone = options.timeZone ?? 'utc';
    if (interval !== 'daily' && interval !== 'hourly') {
      throw new TypeError(`interval must be 'daily' or 'hourly', got ${JSON.stringify(interval)}.`);
    }
    if (zone !== 'utc' && zone !== 'local') {
      throw new TypeError(`timeZone must be 'utc' or 'local', got ${JSON.stringify(zone)}.`);
    }
    // A negative or non-numeric retention would remove every past file at startup: refuse it.
    const { backupCount, maxAgeDays } = options;
    if (backupCount !== undefined && (!Number.isInteger(backupCount) || backupCount < 0)) {
      throw new TypeError(
        `backupCount must be a whole number of past periods to keep (0 or more), got ${String(backupCount)}.`,
      );
    }
    if (maxAgeDays !== undefined && (typeof maxAgeDays !== 'number' || !(maxAgeDays > 0))) {
      throw new TypeError(`maxAgeDays must be a positive number of days, got ${String(maxAgeDays)}.`);
    }
    // The records' clock names the first file; a broken one (setClock giving NaN) leaves it to the system clock.
    const period = periodOfClockTime(currentTime(), interval, zone) ?? periodOf(Date.now(), interval, zone);
    super(datedPath(path, period.key), options);
    this.basePath = resolve(path);
    this.interval = interval;
    this.timeZone = zone;
    this.period = period;
    this.backupCount = options.backupCount;
    this.maxAgeDays = options.maxAgeDays;
    this.compress = options.compress ?? false;
    this.link = options.link ?? true;
    this.afterSwitch();
  }

  override emit(record: LogRecord): void {
    if (record.time >= this.period.end) this.switchTo(record.time);
    super.emit(record);
  }

  override emitBatch(records: readonly LogRecord[], reason: BatchReason): void {
    for (const record of records) if (record.time >= this.period.end) this.switchTo(record.time);
    super.emitBatch(records, reason);
  }

  /** The current period, by the records' clock, or by the system clock when that one is broken. */
  private periodNow(): Period | undefined {
    return (
      periodOfClockTime(currentTime(), this.interval, this.timeZone) ??
      periodOfClockTime(Date.now(), this.interval, this.timeZone)
    );
  }

  /** Removes and compresses past files by the retention settings. Runs at startup and at each switch. */
  cleanUp(now = Date.now()): void {
    const keep: string[] = [];
    // backupCount counts periods, not files: a period's archive and its file made again by a late write are one
    // day (or hour), as are the hours an earlier hourly setup left in a folder now rotated daily.
    let periods = 0;
    let lastPeriod: string | undefined;
    for (const entry of this.pastFiles()) {
      const st = statSync(entry.path, { throwIfNoEntry: false });
      if (st === undefined) continue;
      if (entry.period !== lastPeriod) {
        periods += 1;
        lastPeriod = entry.period;
      }
      const tooMany = this.backupCount !== undefined && periods > this.backupCount;
      const tooOld = this.maxAgeDays !== undefined && now - st.mtimeMs > this.maxAgeDays * DAY;
      if (tooMany || tooOld) rmSync(entry.path, { force: true });
      else if (!entry.gzipped) keep.push(entry.path);
    }
    if (this.compress && (keep.length > 0 || this.leftArchives().length > 0)) this.compression.schedule();
  }

  /**
   * Archives of past files that processes which ended while compressing left unfinished. Another log whose name
   * begins alike (`app-errors.jsonl` beside `app.jsonl`) has its own: they are not ours to move or remove.
   */
  private leftArchives(): ReturnType<typeof abandonedArchives> {
    const periodFile = this.periodFileName();
    return abandonedArchives(dirname(this.basePath), `${namer(this.basePath).stem}-`).filter((left) =>
      periodFile.test(basename(left.file)),
    );
  }

  /** The name of a period's file: `<stem>-<period><ext>`, the period (group 1) daily or hourly. */
  private periodFileName(): RegExp {
    const { stem, ext } = namer(this.basePath);
    return new RegExp(`^${escapeRegExp(stem)}-(\\d{4}-\\d{2}-\\d{2}(?:-\\d{2})?)${escapeRegExp(ext)}$`);
  }

  /**
   * Past periods' files (plain and gzipped), newest first, each with the period it belongs to under this
   * handler's interval (an hourly file's day when rotating daily).
   */
  private pastFiles(): { path: string; gzipped: boolean; period: string }[] {
    const { dir } = namer(this.basePath);
    const periodFile = this.periodFileName();
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const current = basename(this.path);
    return names
      .map((name) => {
        const gzipped = name.endsWith('.gz');
        return { name, gzipped, match: periodFile.exec(gzipped ? name.slice(0, -'.gz'.length) : name) };
      })
      .filter((entry) => entry.match !== null && entry.name !== current && entry.match[1]! < this.period.key)
      .sort((a, b) => (a.match![1]! < b.match![1]! ? 1 : -1))
      .map((entry) => ({
        path: join(dir, entry.name),
        gzipped: entry.gzipped,
        period: this.interval === 'daily' ? entry.match![1]!.slice(0, 10) : entry.match![1]!,
      }));
  }

  /**
   * Gzips the past files nobody has written to for COMPRESS_DELAY_MS. Writers switch to the current
   * period before writing once it has begun (prepare), so a past file stops growing at the latest moments
   * after its period ends; a file written to since then (a process that stalled between that check and
   * its write) waits, and an archive is only put in place if the file did not grow while it was read.
   */
  private async compressPastFiles(): Promise<number> {
    const signal = this.compression.signal;
    for (const left of this.leftArchives()) {
      if (signal.aborted) return Infinity;
      // A copy of an archive with another added, never renamed over it: the archive is whole, and the added
      // archive's own temporary is still there too (removed only after the rename).
      if (JOINING.test(left.temporary)) rmSync(left.temporary, { force: true });
      else await tidyAbandonedArchive(left, this.archiveHome);
    }
    let nextDue = Infinity;
    for (const entry of this.pastFiles()) {
      if (entry.gzipped || signal.aborted) continue;
      const st = statSync(entry.path, { throwIfNoEntry: false });
      if (st === undefined) continue;
      const due = st.mtimeMs + COMPRESS_DELAY_MS;
      // Written to moments ago, or being compressed by another process: look again later.
      if (due > Date.now() || compressingElsewhere(entry.path)) {
        nextDue = Math.min(nextDue, Math.max(due, Date.now() + COMPRESS_DELAY_MS));
        continue;
      }
      await gzipFile(
        entry.path,
        (temporary, source) => this.placeArchive(entry.path, temporary, source),
        signal,
      );
    }
    return nextDue;
  }

  /**
   * Puts the archive of `path` in place and removes `path`, under a lock shared by every process using
   * these files, so that two processes compressing the same file cannot remove a file the other has just
   * made. If the period already has an archive (its file was made again by a late write after it was
   * compressed), the new archive is added to it as a further gzip member: gunzip reads both.
   */
  private placeArchive(path: string, temporary: string, source: Stats): boolean {
    const lockPath = `${this.basePath}.lock`;
    if (!lock(lockPath)) return false; // a later pass tries again
    try {
      const st = statSync(path, { throwIfNoEntry: false });
      if (st === undefined || st.ino !== source.ino || st.dev !== source.dev) return false;
      addToArchive(`${path}.gz`, temporary);
      unlinkSync(path);
      return true;
    } finally {
      unlock(lockPath);
    }
  }

  /**
   * An unfinished archive's records can only be in its period's file (never renamed) or that period's archive;
   * found in neither, the archive is added to the period's archive.
   */
  private readonly archiveHome: ArchiveHome = {
    plainCopies: (file) => [file],
    archives: (file) => [`${file}.gz`],
    adopt: (archive, file) => {
      const lockPath = `${this.basePath}.lock`;
      if (!lock(lockPath)) return false;
      try {
        addToArchive(`${file}.gz`, archive);
        return true;
      } finally {
        unlock(lockPath);
      }
    },
  };

  /** Before a batch is written: a period that has ended is switched out of first. */
  protected override prepare(bytes: number): void {
    const time = currentTime();
    // One comparison per batch; a broken clock (NaN, negative) leaves the question to the system clock.
    if (time >= this.period.end || !(time >= 0)) this.switchTo(time);
    super.prepare(bytes);
  }

  /**
   * Writes what is pending and closes the file at once, and stops compressing: the promise resolves when a pass
   * that was running has ended, its unfinished archive removed; the file it was reading stays plain, for the next
   * handler started with `compress: true`.
   */
  override close(): Promise<void> {
    this.closeNow();
    return this.compression.stop();
  }

  /**
   * Moves to the period of `time`. Lines still pending go to the new file: the old period has ended, and
   * other processes compress its file once nobody wrote to it for 2 s, however long this process was busy.
   */
  private switchTo(time: number): void {
    // A record time no period can be named after (Infinity, beyond the year 9999: a broken clock) moves nothing:
    // the record goes into the current period's file, its time written as the formatter writes it.
    const period = periodOfClockTime(time, this.interval, this.timeZone) ?? this.periodNow();
    if (period !== undefined && period.start >= this.period.end) this.moveTo(period);
  }

  private moveTo(period: Period): void {
    this.period = period;
    this.setPath(datedPath(this.basePath, this.period.key), false);
    this.open();
    this.afterSwitch();
  }

  private afterSwitch(): void {
    try {
      if (this.link) this.updateLink();
      this.cleanUp();
    } catch {
      // Housekeeping must not stop logging; the next switch tries again.
    }
  }

  /** Points `<path>` at the current file, atomically (a new link renamed over the old one). */
  private updateLink(): void {
    const existing = lstatSync(this.basePath, { throwIfNoEntry: false });
    if (existing !== undefined && !existing.isSymbolicLink()) return; // a real file from an older setup
    const temporary = `${this.basePath}.${process.pid}.link`;
    rmSync(temporary, { force: true });
    symlinkSync(basename(this.path), temporary);
    renameSync(temporary, this.basePath);
  }
}

/** A copy of an archive with another added (addToArchive), named like gzipFile's temporaries with counter 0. */
const JOINING = /\.gz\.\d+\.0\.tmp$/;

/**
 * Moves the complete archive `temporary` to `archive`, or adds it to an existing one as a further gzip member
 * (gunzip reads both). Named like a temporary archive (gzipFile's counter starts at 1), so a crash here leaves
 * nothing that the next pass would not tidy.
 */
function addToArchive(archive: string, temporary: string): void {
  if (!existsSync(archive)) {
    renameSync(temporary, archive);
    return;
  }
  const combined = `${archive}.${process.pid}.0.tmp`;
  copyFileSync(archive, combined);
  appendFileSync(combined, readFileSync(temporary));
  renameSync(combined, archive);
  rmSync(temporary, { force: true });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
