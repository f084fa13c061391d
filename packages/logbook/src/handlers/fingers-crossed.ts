// Keeps every record of a unit of work (one request) in a bounded buffer and writes nothing — until a
// record at the action level arrives. Then the whole trail goes to the inner handler as one batch, and
// later records pass straight through. A clean request leaves no trace; a failing one leaves all of it.

import { Handler, type HandlerOptions } from '../handler.js';
import { Level, toLevel, type LevelLike } from '../level.js';
import type { LogRecord } from '../record.js';

export interface FingersCrossedOptions extends HandlerOptions {
  /** The level that releases the buffer (default ERROR). */
  actionLevel?: LevelLike;
  /** Most records kept before the oldest are dropped (default 1000; never unbounded). */
  bufferSize?: number;
  /** After releasing, go back to buffering instead of passing through (default false). */
  reset?: boolean;
}

/** The handler that receives the trail, or a factory called once, when the trail is first released. */
export type InnerHandler = Handler | (() => Handler);

export class FingersCrossedHandler extends Handler {
  readonly actionLevel: number;
  readonly bufferSize: number;
  private readonly reset: boolean;
  private readonly innerSource: InnerHandler;
  private innerHandler: Handler | undefined;
  private buffer: LogRecord[] = [];
  private start = 0; // ring-buffer head once the buffer is full
  private triggeredState = false;
  /** Records that fell out of the full buffer before it was released. */
  dropped = 0;

  constructor(handler: InnerHandler, options: FingersCrossedOptions = {}) {
    super(options);
    this.innerSource = handler;
    this.actionLevel = toLevel(options.actionLevel ?? Level.ERROR);
    this.bufferSize = options.bufferSize ?? 1000;
    if (!Number.isInteger(this.bufferSize) || this.bufferSize < 1) {
      throw new RangeError(
        `FingersCrossedHandler bufferSize must be a whole number ≥ 1, got ${this.bufferSize}.`,
      );
    }
    this.reset = options.reset ?? false;
    if (typeof handler !== 'function') {
      this.innerHandler = handler;
      // The trail is written by the inner handler: if it shows the caller, capture it while buffering.
      if (handler.wantsCaller) this.wantsCaller = true;
    }
  }

  /** Whether the action level was reached (and records now pass through). */
  get triggered(): boolean {
    return this.triggeredState;
  }

  /** The inner handler, once created. */
  get inner(): Handler | undefined {
    return this.innerHandler;
  }

  /** The records held so far, oldest first. */
  get buffered(): LogRecord[] {
    return [...this.buffer.slice(this.start), ...this.buffer.slice(0, this.start)];
  }

  emit(record: LogRecord): void {
    if (this.triggeredState) {
      const inner = this.resolveInner();
      if (inner.accepts(record)) inner.handle(record);
      return;
    }
    if (this.buffer.length < this.bufferSize) {
      this.buffer.push(record);
    } else {
      this.buffer[this.start] = record;
      this.start = (this.start + 1) % this.bufferSize;
      this.dropped++;
    }
    if (record.level >= this.actionLevel) this.release();
  }

  /** Sends the buffered trail to the inner handler now, as if the action level had been reached. */
  release(): void {
    const inner = this.resolveInner();
    const trail = this.buffered.filter((record) => inner.accepts(record));
    this.buffer = [];
    this.start = 0;
    this.triggeredState = !this.reset;
    inner.handleBatch(trail, 'escalation');
  }

  /** Drops the buffer without writing it and starts buffering again. */
  discard(): void {
    this.buffer = [];
    this.start = 0;
    this.triggeredState = false;
  }

  override flush(): void | Promise<void> {
    return this.innerHandler?.flush();
  }

  override flushSync(): void {
    this.innerHandler?.flushSync();
  }

  override close(): void | Promise<void> {
    this.discard();
    return this.innerHandler?.close();
  }

  private resolveInner(): Handler {
    if (this.innerHandler === undefined) {
      this.innerHandler = (this.innerSource as () => Handler)();
    }
    return this.innerHandler;
  }
}
