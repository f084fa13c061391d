// Lines are collected in memory and handed to the kernel in batches: one write() per batch instead of one
// per record. The batch goes out when it is full, or at the end of the current turn of the event loop
// (setImmediate) but no sooner than `flushInterval` after the previous batch: a busy server that logs a
// few lines per turn then makes one write() per interval, not one per turn. Only the call that fills a
// batch waits for its write(). The pending text is always
// held here, in this process, so a crash or process.exit() can write it synchronously: nothing is ever
// in flight on another thread where an exiting process could lose it.

import { flushAllOnExit } from './registry.js';

export type OverflowPolicy = 'block' | 'drop';

export interface BatchWriterOptions {
  /** Write every line at once, synchronously (scripts, tests). Default false: batch. */
  sync?: boolean;
  /**
   * A batch this large (in characters of the text written: bytes for FileHandler, whose lines are UTF-8
   * byte strings) is written at once. Default 32 Ki: well below the size V8 allocates outside its young
   * generation.
   */
  batchSize?: number;
  /**
   * The most text held while the destination cannot take it (a failing disk, a full pipe). Default 8 MiB.
   * Past it, `overflow` decides.
   */
  maxBuffer?: number;
  /**
   * 'block' (default): try to write synchronously, for up to `blockMs`, then drop what still does not fit.
   * 'drop': drop new lines at once. Dropped lines are counted and reported in one summary line.
   */
  overflow?: OverflowPolicy;
  /** How long 'block' may stall the caller trying to write, in milliseconds (default 1000). */
  blockMs?: number;
  /**
   * The shortest time between two batches that are not full, in milliseconds (default 10). A quiet
   * program's lines still go out at the end of the turn; under load, lines wait at most this long.
   * 0 writes at the end of every turn.
   */
  flushInterval?: number;
}

/**
 * Where a batch goes. `write` either takes the whole text or throws; it returns false when it had to
 * drop the batch (its own backlog is full). `urgent` batches (flushSync) must be written before it returns.
 */
export interface BatchSink {
  /**
   * When it throws after writing the start of the text (a disk that filled up midway), it marks the error
   * with `markWritten(error, chars)` so that the rest, not the whole text, is written again.
   */
  write(text: string, urgent: boolean): boolean;
  /** Called when the writer gives up lines; returns the summary line to write first, if any. */
  dropSummary?(count: number): string | undefined;
  /** Waits until everything the sink took is written (a write thread's backlog). */
  drain?(): void;
  /** Called once per failure of write(); the sink reports it. */
  failed(error: unknown): void;
  /** Called when a write succeeds after failures, with the lines dropped meanwhile. */
  recovered?(dropped: number): void;
  /** Called when lines arrive after close(); they are dropped and counted, and the sink may report it. */
  closed?(lines: number): void;
}

const DEFAULT_BATCH = 32 * 1024;
/** While the destination fails, it is tried again this often (and at each flush), not at every record. */
export const RETRY_MS = 1000;

const WRITTEN = Symbol('logbook.written');

/** Notes on a write error that the first `chars` characters of the text did reach the destination. */
export function markWritten(error: unknown, chars: number): unknown {
  if (chars > 0 && typeof error === 'object' && error !== null) {
    Object.defineProperty(error, WRITTEN, { value: chars, configurable: true });
  }
  return error;
}

function writtenBefore(error: unknown): number {
  const chars = typeof error === 'object' && error !== null ? (error as { [WRITTEN]?: unknown })[WRITTEN] : 0;
  return typeof chars === 'number' ? chars : 0;
}

const DEFAULT_MAX_BUFFER = 8 * 1024 * 1024;
const DEFAULT_FLUSH_INTERVAL = 10;

export class BatchWriter {
  readonly sync: boolean;
  readonly batchSize: number;
  readonly maxBuffer: number;
  readonly overflow: OverflowPolicy;
  readonly blockMs: number;
  readonly flushInterval: number;
  /** Lines given up because the buffer was full or the destination failed. */
  dropped = 0;
  /** Lines written so far (complete lines handed to the sink). */
  private pending = '';
  private pendingLines = 0;
  private scheduled = false;
  private unreportedDrops = 0;
  private closed = false;
  /**
   * The last write failed. Until a retry succeeds, records are only buffered (or dropped past maxBuffer):
   * retrying a full disk at every record made each call cost a failing system call and a copy of the
   * whole buffer, and with overflow 'block' stalled every call for blockMs.
   */
  private failing = false;
  private dropsWhileFailing = 0;
  /** When the last batch went out (Date.now()), for flushInterval. */
  private lastWrite = 0;
  private readonly sink: BatchSink;
  private readonly onTurnEnd = (): void => {
    this.scheduled = false;
    // A retry set by close()'s last, failed flush: the sink is closed, and reopening it would leak it.
    if (this.closed) return;
    this.writeOut(false);
  };

  constructor(sink: BatchSink, options: BatchWriterOptions = {}) {
    this.sink = sink;
    this.sync = options.sync ?? false;
    this.maxBuffer = positive(options.maxBuffer, DEFAULT_MAX_BUFFER, 'maxBuffer');
    // A batch larger than the buffer could never be reached.
    this.batchSize = Math.min(positive(options.batchSize, DEFAULT_BATCH, 'batchSize'), this.maxBuffer);
    this.overflow = options.overflow ?? 'block';
    if (this.overflow !== 'block' && this.overflow !== 'drop') {
      throw new TypeError(`overflow must be 'block' or 'drop', got ${JSON.stringify(options.overflow)}.`);
    }
    this.blockMs = options.blockMs ?? 1000;
    const interval = options.flushInterval ?? DEFAULT_FLUSH_INTERVAL;
    if (!Number.isFinite(interval) || interval < 0) {
      throw new TypeError(
        `flushInterval must be a number of milliseconds, 0 or more, got ${String(options.flushInterval)}.`,
      );
    }
    this.flushInterval = interval;
    flushAllOnExit(this);
  }

  /** Characters waiting to be written. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Adds one or more complete lines (each ending in '\n'). */
  write(text: string, lines = 1): void {
    if (this.closed) {
      this.dropped += lines;
      this.sink.closed?.(lines);
      return;
    }
    if (this.pending.length + text.length > this.maxBuffer && !this.makeRoom(text.length)) {
      this.dropped += lines;
      this.unreportedDrops += lines;
      if (this.failing) this.dropsWhileFailing += lines;
      return;
    }
    this.pending += text;
    this.pendingLines += lines;
    if (this.failing) return; // the retry timer is set
    if (this.sync) this.writeOut(true);
    else if (this.pending.length >= this.batchSize) this.writeOut(false);
    else if (!this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    const wait = this.flushInterval === 0 ? 0 : this.lastWrite + this.flushInterval - Date.now();
    if (wait <= 0) setImmediate(this.onTurnEnd);
    else setTimeout(this.onTurnEnd, wait);
  }

  /** Writes everything pending before returning. Safe to call from exit and crash handlers. */
  flushSync(): void {
    this.writeOut(true);
    this.sink.drain?.();
  }

  private writeOut(urgent: boolean): void {
    if (this.pending.length === 0 && this.unreportedDrops === 0) return;
    const text = this.pending;
    const lines = this.pendingLines;
    this.pending = '';
    this.pendingLines = 0;
    // Lines were dropped (after the ones still held, which are older): say so once, after those.
    const drops = this.unreportedDrops;
    this.unreportedDrops = 0;
    const summary = drops > 0 ? this.sink.dropSummary?.(drops) : undefined;
    const out = summary === undefined ? text : text + summary;
    if (out.length === 0) return;
    if (this.flushInterval !== 0) this.lastWrite = Date.now();
    try {
      if (!this.sink.write(out, urgent)) {
        this.dropped += lines;
        this.unreportedDrops += drops + lines;
      }
    } catch (error) {
      this.keepAfterFailure(error, text, lines, out, drops);
      return;
    }
    if (this.failing) {
      this.failing = false;
      const dropped = this.dropsWhileFailing;
      this.dropsWhileFailing = 0;
      this.sink.recovered?.(dropped);
    }
  }

  /** A write threw: keep what was not written for the retry, a second later or at the next flush. */
  private keepAfterFailure(error: unknown, text: string, lines: number, out: string, drops: number): void {
    this.failing = true;
    const done = Math.min(writtenBefore(error), out.length);
    let rest: string;
    let restLines: number;
    if (done >= text.length) {
      // Every record is in; what is left is part of the drop summary, which now counts as reported.
      rest = out.slice(done);
      restLines = 0;
    } else {
      // The start of the text is in the file (a disk that filled up midway): write only the rest again, so
      // that the line cut at `done` is completed instead of being followed by a second copy of its start.
      rest = done === 0 ? text : text.slice(done);
      restLines = done === 0 ? lines : countLines(rest);
      this.unreportedDrops += drops;
    }
    if (rest.length + this.pending.length <= this.maxBuffer || done > 0) {
      this.pending = rest + this.pending;
      this.pendingLines += restLines;
    } else {
      this.dropped += restLines;
      this.unreportedDrops += restLines;
      this.dropsWhileFailing += restLines;
    }
    if (!this.scheduled && !this.closed) {
      this.scheduled = true;
      setTimeout(this.onTurnEnd, RETRY_MS).unref();
    }
    // Last: under errors 'throw' this throws, and what was not written must be kept by then.
    this.sink.failed(error);
  }

  /** Flushes and stops taking lines. */
  close(): void {
    this.flushSync();
    this.closed = true;
    // The destination still fails: what is left can never be written. Count it instead of losing it silently.
    if (this.pending.length > 0) this.discard();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Another thread failed to write lines it was given: `rest` completes a line it cut and is written first
   * (when the destination takes it again); `lost` lines are counted as dropped.
   */
  takeBack(rest: string, lost: number): void {
    this.failing = true;
    this.dropped += lost;
    this.unreportedDrops += lost;
    this.dropsWhileFailing += lost;
    if (rest.length > 0) {
      this.pending = rest + this.pending;
      this.pendingLines++;
    }
    if (this.closed) {
      this.discard();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(this.onTurnEnd, RETRY_MS).unref();
    }
  }

  /** Drops what was pending (the destination is gone for good); counts the lines. */
  discard(): void {
    this.dropped += this.pendingLines;
    this.unreportedDrops += this.pendingLines;
    this.pending = '';
    this.pendingLines = 0;
  }

  private makeRoom(incoming: number): boolean {
    // 'block' waits for a slow destination, not for a failing one: the retry timer tries that again.
    if (this.overflow === 'drop' || this.failing) return false;
    const deadline = Date.now() + this.blockMs;
    do {
      this.flushSync();
      if (this.pending.length + incoming <= this.maxBuffer) return true;
    } while (Date.now() < deadline && !this.closed && !this.failing && sleepBriefly());
    return false;
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function sleepBriefly(): boolean {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  return true;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of bytes, got ${String(value)}.`);
  }
  return value;
}
