import { closeSync, fstatSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { expandSources } from '../sources/files.js';
import { detectFile, type SourceFormat } from '../sources/detect.js';
import { fileIdentity } from '../file-identity.js';

/** Complete new lines of one file. */
export interface Appended {
  file: string;
  format: SourceFormat;
  lines: Buffer;
}

interface Tail {
  offset: number;
  carry: Buffer;
  format?: SourceFormat;
}

const MAX_READ = 64 * 1024 * 1024;

/**
 * Follows log files as they grow: fs.watch wakes it early, a periodic stat catches what watching misses (network
 * folders, editors that replace files). Only the bytes after the last seen offset are read, and only up to the
 * last newline: a half-written line waits for its end. Files are known by their identity (fileIdentity), not their
 * name, so a file renamed by logrotate keeps its offset under its new name and the new file in its place is read
 * from the start; a file that shrank was truncated in place (copytruncate) and is read again from the start.
 * Gzipped files are rotated archives and are not followed.
 */
export class Follower {
  /** By file identity. */
  private readonly tails = new Map<string, Tail>();
  /** Each path's identity when last opened. */
  private readonly identities = new Map<string, string>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private wake: NodeJS.Timeout | undefined;
  private busy = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly inputs: readonly string[],
    private readonly onLines: (batch: Appended[]) => Promise<void>,
    private readonly options: { intervalMs?: number; onError?: (e: Error) => void } = {},
  ) {}

  /**
   * Starts following from the end of each file (what is there now was loaded already), or, given the `size` that
   * was read and the `identity` the file had then, from that size (lines added since are not missed). By identity,
   * a file renamed since (logrotate) keeps that offset under its new name, and the file now at the old name is read
   * from its start; looked up again here by name, the new file would get the renamed one's offset.
   */
  start(known: { file: string; format: string; size?: number; identity?: string }[]): void {
    for (const k of known) {
      const format = isFollowedFormat(k.format) ? k.format : undefined;
      if (k.identity !== undefined && k.size !== undefined) {
        this.identities.set(k.file, k.identity);
        this.tails.set(k.identity, { offset: k.size, carry: Buffer.alloc(0), ...(format ? { format } : {}) });
        continue;
      }
      let stats;
      try {
        stats = statSync(k.file);
      } catch {
        continue; // gone since loading: new if it comes back
      }
      const id = fileIdentity(stats);
      this.identities.set(k.file, id);
      this.tails.set(id, { offset: stats.size, carry: Buffer.alloc(0), ...(format ? { format } : {}) });
    }
    const watched = new Set<string>();
    for (const input of this.inputs) {
      let target = input;
      try {
        if (!statSync(input).isDirectory()) target = dirname(input);
      } catch {
        target = dirname(input.replace(/[*?[].*$/, 'x'));
      }
      if (watched.has(target)) continue;
      watched.add(target);
      try {
        const w = watch(target, { recursive: false }, () => this.soon());
        w.on('error', () => undefined);
        this.watchers.push(w);
      } catch {
        // not watchable here: the periodic stat still follows it
      }
    }
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs ?? 500);
    this.timer.unref();
  }

  /** Collapses a burst of change events into one poll shortly after. */
  private soon(): void {
    if (this.wake || this.stopped) return;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      void this.poll();
    }, 50);
  }

  /** Reads whatever was appended since the last poll and hands complete lines on. */
  async poll(): Promise<void> {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        const batch = this.collect();
        if (batch.length > 0) await this.onLines(batch);
      } while (this.again && !this.stopped);
    } catch (e) {
      this.options.onError?.(e as Error);
    } finally {
      this.busy = false;
    }
  }

  private collect(): Appended[] {
    let files: string[];
    try {
      files = expandSources(this.inputs, false); // a file it may not read is passed over by readNew
    } catch {
      return [];
    }
    const out: Appended[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const got = this.readNew(file, seen);
      if (got) out.push(got);
    }
    // Files gone for good (a rotation deleted them) are forgotten, so a new file given a freed inode number starts
    // at 0 rather than at the old file's offset.
    for (const id of this.tails.keys()) if (!seen.has(id)) this.tails.delete(id);
    for (const [path, id] of this.identities) if (!this.tails.has(id)) this.identities.delete(path);
    return out;
  }

  private readNew(file: string, seen: Set<string>): Appended | undefined {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      // Unreadable for now: what was read of it stays known, so it is not read again from the start later.
      const before = this.identities.get(file);
      if (before !== undefined) seen.add(before);
      return undefined;
    }
    try {
      const stats = fstatSync(fd);
      const id = fileIdentity(stats);
      this.identities.set(file, id);
      seen.add(id); // the same file by another name (a link) finds its offset already moved on
      let tail = this.tails.get(id);
      if (!tail) {
        tail = { offset: 0, carry: Buffer.alloc(0) };
        this.tails.set(id, tail);
      }
      const size = stats.size;
      if (size < tail.offset) {
        tail.offset = 0;
        tail.carry = Buffer.alloc(0);
      }
      if (size === tail.offset) return undefined;
      if (!tail.format) {
        const d = detectFile(file);
        if (d.gzip) {
          tail.offset = size; // an archive: history, not the live log
          return undefined;
        }
        if (!isFollowedFormat(d.format)) return undefined; // wait for recognisable lines
        tail.format = d.format;
      }
      const len = Math.min(size - tail.offset, MAX_READ);
      const buf = Buffer.alloc(len);
      const n = readSync(fd, buf, 0, len, tail.offset);
      tail.offset += n;
      const data =
        tail.carry.length > 0 ? Buffer.concat([tail.carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      const lastNl = data.lastIndexOf(10);
      if (lastNl < 0) {
        tail.carry = Buffer.from(data);
        return undefined;
      }
      tail.carry = Buffer.from(data.subarray(lastNl + 1));
      return { file, format: tail.format, lines: data.subarray(0, lastNl + 1) };
    } finally {
      closeSync(fd);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.wake) clearTimeout(this.wake);
    for (const w of this.watchers) w.close();
  }
}

/** The formats whose new lines become records (not `empty` or `unknown`: those wait for recognisable lines). */
export function isFollowedFormat(format: string): format is SourceFormat {
  return format === 'jsonl' || format === 'access' || format === 'json-access';
}
