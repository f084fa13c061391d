// Takes a slow handler's work (a network call, a heavy formatter) off the code that logs: records are
// queued and handed to the inner handler on a later turn of the event loop. The queue is bounded; what
// does not fit is counted (`dropped`) and reported to the inner handler as one summary record.

import { Handler, type BatchReason, type HandlerOptions } from '../handler.js';
import { reportClosed } from '../handler-errors.js';
import { Level } from '../level.js';
import { LogRecord } from '../record.js';
import { flushAllOnExit } from '../writer/registry.js';

export interface AsyncHandlerOptions extends HandlerOptions {
  /** Records held at most (default 10,000); newer ones are dropped and counted past it. */
  maxQueue?: number;
  /** Records handed over per turn of the event loop (default 1,000), so a backlog cannot starve I/O. */
  batchSize?: number;
}

export class AsyncHandler extends Handler {
  readonly inner: Handler;
  readonly maxQueue: number;
  readonly batchSize: number;
  /** Records dropped because the queue was full. */
  dropped = 0;
  private queue: LogRecord[] = [];
  private unreportedDrops = 0;
  private scheduled = false;
  private closed = false;
  private readonly drainTurn = (): void => {
    this.scheduled = false;
    this.drain(this.batchSize);
  };

  constructor(inner: Handler, options: AsyncHandlerOptions = {}) {
    // The inner handler decides level and filter when it gets the record; this one takes everything
    // at the inner handler's level by default.
    super({ level: inner.level, bubble: inner.bubble, ...options });
    this.inner = inner;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(this.maxQueue) || this.maxQueue < 1) {
      throw new TypeError(`maxQueue must be a whole number of at least 1, got ${String(options.maxQueue)}.`);
    }
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new TypeError(
        `batchSize must be a whole number of at least 1, got ${String(options.batchSize)}.`,
      );
    }
    if (inner.wantsCaller) this.wantsCaller = true;
    flushAllOnExit(this);
  }

  /** Records waiting. */
  get queued(): number {
    return this.queue.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  emit(record: LogRecord): void {
    if (this.closed) {
      reportClosed(this, 1);
      return;
    }
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      this.unreportedDrops++;
      return;
    }
    // The record must say what the call said: the caller may change its fields object once the call returns.
    // So the message is rendered now and the fields object copied, one level deep (a deep copy would cost
    // the caller what this handler exists to save). Class instances are left as they are.
    void record.message;
    const fields = record.fields;
    if (Array.isArray(fields)) record.fields = [...(fields as readonly unknown[])];
    else if (fields !== undefined && fields !== null && isPlainObject(fields)) record.fields = { ...fields };
    this.queue.push(record);
    this.schedule();
  }

  override emitBatch(records: readonly LogRecord[], _reason: BatchReason): void {
    for (const record of records) this.emit(record);
  }

  override async flush(): Promise<void> {
    this.drain(Infinity);
    await this.inner.flush();
  }

  override flushSync(): void {
    this.drain(Infinity);
    this.inner.flushSync();
  }

  override async close(): Promise<void> {
    this.drain(Infinity);
    this.closed = true;
    await this.inner.close();
  }

  override toString(): string {
    return `AsyncHandler(${String(this.inner)})`;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drainTurn);
  }

  private drain(limit: number): void {
    if (this.unreportedDrops > 0) {
      const summary = new LogRecord(
        Date.now(),
        Level.WARNING,
        'logbook',
        'Dropped {count} records: the queue of {handler} was full',
        { count: this.unreportedDrops, handler: String(this.inner) },
        undefined,
        'logbook.dropped',
      );
      this.unreportedDrops = 0;
      this.queue.push(summary); // the drops happened after what is queued
    }
    const count = Math.min(limit, this.queue.length);
    const batch = count === this.queue.length ? this.queue : this.queue.slice(0, count);
    this.queue = count === this.queue.length ? [] : this.queue.slice(count);
    for (const record of batch) {
      if (this.inner.accepts(record)) this.inner.handle(record);
    }
    if (this.queue.length > 0) this.schedule();
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
