// Appends JSON lines (or any format) to a file. Lines are batched by a BatchWriter and written with one
// write() per batch on a file opened with O_APPEND, so several processes can share the file without
// torn or interleaved lines. The file is reopened when it is moved away (logrotate) or on SIGHUP.
// Lines travel as UTF-8 byte strings (writer/byte-string.ts), so writing a batch is a copy.

import { closeSync, fstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { JsonFormatter } from '../formatters/json.js';
import { Handler, type BatchReason, type HandlerOptions } from '../handler.js';
import { policyOf, reportClosed, reportFailure } from '../handler-errors.js';
import { Level } from '../level.js';
import { LogRecord } from '../record.js';
import { BatchWriter, markWritten, type BatchWriterOptions } from '../writer/batch-writer.js';
import { utf8Bytes } from '../writer/byte-string.js';
import { writeThread, type WriteThread } from '../writer/write-thread.js';

export interface FileHandlerOptions extends HandlerOptions, BatchWriterOptions {
  /** Permission bits of a new file (default 0o644). */
  mode?: number;
  /** Reopen the file when the process receives SIGHUP (default false: SIGHUP keeps its usual meaning). */
  reopenOnSighup?: boolean;
  /**
   * How often, in milliseconds, to check that the path still names the open file (moved, deleted,
   * replaced by logrotate's `create`). Checked before a batch is written, at most this often. Default
   * 1000; false turns the check off.
   */
  watchInterval?: number | false;
  /**
   * Write batches on the process's write thread (default false: on the main thread), so formatting and
   * the write() system call overlap. Handing a batch over costs the main thread about as much as
   * writing it into the page cache (the text is copied to the thread), so this only pays when the disk
   * is slow and a core is free. Pending and handed-over batches stay reachable: exit and crash paths
   * write them synchronously. Ignored with `sync: true`.
   */
  thread?: boolean;
}

export class FileHandler extends Handler {
  readonly writer: BatchWriter;
  protected fd: number | undefined = undefined;
  /** Device and inode of the open file, to notice when the path names another file. */
  protected ino = 0;
  protected dev = 0;
  private filePath: string;
  private readonly mode: number;
  private readonly watchInterval: number;
  private nextCheck = 0;
  private openedOnce = false;
  private readonly onSighup: (() => void) | undefined;
  private readonly thread: WriteThread | undefined;
  private readonly stopListening: (() => void) | undefined;
  /** The write thread failed on this handler's file: batches go through the main thread until one succeeds. */
  private threadFailed = false;
  private readonly owner = ++handlerCount;

  constructor(path: string, options: FileHandlerOptions = {}) {
    if (typeof path !== 'string' || path === '') {
      throw new TypeError(
        `FileHandler needs a file path such as './logs/app.jsonl', got ${JSON.stringify(path)}.`,
      );
    }
    super({ ...options, formatter: options.formatter ?? new JsonFormatter() });
    this.filePath = resolve(path);
    this.mode = options.mode ?? 0o644;
    this.watchInterval = options.watchInterval === false ? -1 : (options.watchInterval ?? 1000);
    if (options.thread === true && options.sync !== true) {
      this.thread = writeThread();
      this.stopListening = this.thread.onFailure((owner, error, lost, rest) => {
        if (owner !== this.owner) return;
        // The main thread's path keeps what a failing disk does not take and retries it; the batches the
        // thread had already been given are counted as dropped, and the line it cut is completed first.
        this.threadFailed = true;
        this.writer.takeBack(rest, lost);
        this.writeFailed(error);
      });
    }
    this.writer = new BatchWriter(
      {
        write: (text, urgent) => this.writeBatch(text, urgent),
        failed: (error) => this.writeFailed(error),
        recovered: (dropped) => this.writeRecovered(dropped),
        drain: () => this.thread?.drain(),
        dropSummary: (count) => this.dropSummary(count),
        closed: (lines) => reportClosed(this, lines),
      },
      options,
    );
    if (options.reopenOnSighup === true) {
      this.onSighup = () => this.reopen();
      process.on('SIGHUP', this.onSighup);
    }
    // Open now so that a wrong path or permission shows at startup, not at the first record.
    try {
      this.open();
    } catch (error) {
      this.writeFailed(error);
    }
  }

  /** The file being written (for timed rotation, the current period's file). */
  get path(): string {
    return this.filePath;
  }

  emit(record: LogRecord): void {
    this.writer.write(this.line(record));
  }

  override emitBatch(records: readonly LogRecord[], _reason: BatchReason): void {
    let text = '';
    for (const record of records) text += this.line(record);
    this.writer.write(text, records.length);
  }

  /** The formatted line as a UTF-8 byte string; the JSON formatter builds it that way directly. */
  protected line(record: LogRecord): string {
    const formatter = this.formatter;
    if (formatter instanceof JsonFormatter && this.format === Handler.prototype.format) {
      return formatter.formatUtf8Bytes(record);
    }
    return utf8Bytes(this.format(record));
  }

  override flush(): Promise<void> {
    this.writer.flushSync();
    return Promise.resolve();
  }

  override flushSync(): void {
    this.writer.flushSync();
  }

  /**
   * Writes what is pending and closes the file, before it returns. The rotating handlers return a promise that
   * resolves once their compression has stopped too (see RotatingFileHandler.close).
   */
  override close(): void | Promise<void> {
    this.closeNow();
  }

  /** What close() does for every file handler: pending lines written, the file closed, listeners removed. */
  protected closeNow(): void {
    this.writer.close();
    if (this.onSighup !== undefined) process.off('SIGHUP', this.onSighup);
    this.closeFile();
    this.stopListening?.();
  }

  /** Writes what is pending to the current file, then opens the path afresh (after external rotation). */
  reopen(): void {
    this.writer.flushSync();
    this.closeFile();
    try {
      this.open();
    } catch (error) {
      this.writeFailed(error);
    }
  }

  override toString(): string {
    return `${this.constructor.name}(${this.filePath})`;
  }

  /**
   * Switches to another path (timed rotation): pending lines go to the old file first, unless `flush` is
   * false (called while a batch is being written: that batch goes to the new path).
   */
  protected setPath(path: string, flush = true): void {
    if (flush) this.writer.flushSync();
    this.closeFile();
    this.filePath = path;
  }

  protected open(): void {
    const created = mkdirSync(dirname(this.filePath), { recursive: true });
    const fd = openSync(this.filePath, 'a', this.mode);
    const st = fstatSync(fd);
    this.fd = fd;
    this.ino = st.ino;
    this.dev = st.dev;
    this.nextCheck = Date.now() + this.watchInterval;
    if (created !== undefined && this.openedOnce) {
      notice(
        `the folder ${created} was removed while ${String(this)} was writing to it; it was created again. ` +
          `Records written after the removal and before this check (at most ${this.watchInterval} ms) went to the removed file.`,
      );
    }
    this.openedOnce = true;
    this.opened(st.size);
  }

  /** Called after every open with the file's current size. */
  protected opened(_size: number): void {}

  protected closeFile(): void {
    if (this.fd === undefined) return;
    // Batches handed to the write thread must reach this file before its descriptor is closed.
    this.thread?.drain();
    try {
      closeSync(this.fd);
    } catch {
      // Closing a file whose disk went away can fail; there is nothing left to release.
    }
    this.fd = undefined;
  }

  /** Makes sure the right file is open before `bytes` are written; subclasses rotate here. */
  protected prepare(_bytes: number): void {
    if (this.fd === undefined) {
      this.open();
      return;
    }
    if (this.watchInterval >= 0) {
      const now = Date.now();
      if (now >= this.nextCheck) {
        this.nextCheck = now + this.watchInterval;
        if (!this.pathStillOurs()) {
          this.closeFile();
          this.open();
        }
      }
    }
  }

  /** Whether the path still names the open file (not moved, deleted or replaced). */
  protected pathStillOurs(): boolean {
    const st = statSync(this.filePath, { throwIfNoEntry: false });
    return st !== undefined && st.ino === this.ino && st.dev === this.dev;
  }

  /** Characters handed to the write thread and not yet written (part of the buffer limit). */
  protected get backlog(): number {
    return this.thread === undefined ? 0 : this.thread.backlog;
  }

  private writeBatch(text: string, urgent: boolean): boolean {
    const thread = this.thread;
    if (thread === undefined || urgent || this.threadFailed) {
      const data = encode(text);
      this.prepare(data.length);
      thread?.drain();
      writeAll(this.fd!, data);
      return true;
    }
    const writer = this.writer;
    if (thread.backlog + text.length > writer.maxBuffer) {
      const room = Math.max(writer.maxBuffer - text.length, 0);
      if (writer.overflow === 'drop' || !thread.waitBelow(room, writer.blockMs)) return false;
    }
    this.prepare(text.length);
    thread.post(this.owner, this.fd!, text);
    return true;
  }

  private writeFailed(error: unknown): void {
    // Open afresh on the next attempt: the folder may be back, or the disk writable again.
    this.closeFile();
    reportFailure(this, `${String(this)} writing to ${this.filePath}`, explain(error));
  }

  private writeRecovered(dropped: number): void {
    this.threadFailed = false;
    if (!this.errorReported) return;
    // The next outage is reported again; this one was reported once, and this closes it.
    this.errorReported = false;
    if (policyOf(this) !== 'print') return;
    notice(
      `${String(this)} is writing again (failed attempts so far: ${this.errorCount})` +
        (dropped > 0
          ? `; ${dropped} records did not fit in maxBuffer and were dropped (see the logbook.dropped record).`
          : '.'),
    );
  }

  private dropSummary(count: number): string | undefined {
    const record = new LogRecord(
      Date.now(),
      Level.WARNING,
      'logbook',
      'Dropped {count} records: the file could not take them fast enough or failed',
      { count },
      undefined,
      'logbook.dropped',
    );
    try {
      return this.line(record);
    } catch {
      return undefined;
    }
  }
}

let handlerCount = 0;

// Batches written on this thread are copied into one reused buffer: no allocation per batch. 128 KiB
// holds any default-sized batch (32 Ki bytes, as the text is a byte string).
const SCRATCH_SIZE = 128 * 1024;
let scratch: Buffer | undefined;

/** The bytes of a byte string (one character per byte); valid until the next call. */
function encode(text: string): Buffer {
  if (text.length > SCRATCH_SIZE) return Buffer.from(text, 'latin1');
  scratch ??= Buffer.allocUnsafeSlow(SCRATCH_SIZE);
  return scratch.subarray(0, scratch.write(text, 0, 'latin1'));
}

/**
 * Writes all of data; a regular file takes it in one write() unless the disk is full. A failure after part
 * of it was written is marked with how much was (markWritten), so that only the rest is written again.
 */
export function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  try {
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
  } catch (error) {
    throw markWritten(error, offset);
  }
}

function explain(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || typeof code !== 'string') return error;
  const hint: Record<string, string> = {
    EACCES: 'the folder or file is not writable by this process: fix its permissions or choose another path',
    EPERM: 'the folder or file is not writable by this process: fix its permissions or choose another path',
    EROFS: 'the file system is read-only: choose a path on a writable disk',
    ENOSPC: 'the disk is full: free space; records are kept in memory up to maxBuffer meanwhile',
    ENOTDIR: 'a part of the path is a file, not a folder: choose another path',
    // mkdir of the file's folder fails so when a part of that folder path is an existing file.
    EEXIST: 'a part of the folder path is a file, not a folder: move that file or choose another path',
    EISDIR: 'the path names a folder, not a file: give a file path such as ./logs/app.jsonl',
  };
  const advice = hint[code];
  if (advice === undefined) return error;
  const explained = new Error(`${error.message} (${advice}; retrying every second)`);
  explained.name = error.name;
  return explained;
}

function notice(text: string): void {
  try {
    process.stderr.write(`logbook: ${text}\n`);
  } catch {
    // stderr is gone too.
  }
}
