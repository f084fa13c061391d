// Writes formatted lines to any writable stream (a socket, a pipe, process.stdout).

import { Handler, type BatchReason, type HandlerOptions } from '../handler.js';
import { reportClosed } from '../handler-errors.js';
import type { LogRecord } from '../record.js';

/** Anything with write(); Node's Writable and most stream-likes qualify. */
export interface WritableLike {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  end?(callback?: () => void): unknown;
}

export interface StreamHandlerOptions extends HandlerOptions {
  /** Call end() on the stream when the handler is closed (default false: the stream is not ours). */
  endOnClose?: boolean;
}

export class StreamHandler extends Handler {
  private readonly target: WritableLike | (() => WritableLike);
  private readonly endOnClose: boolean;
  /** The stream was ended by close(): writing to it would fail (write after end) or vanish. */
  private ended = false;

  /** `stream` may be a function, looked up on every write (StderrHandler uses this). */
  constructor(stream: WritableLike | (() => WritableLike), options: StreamHandlerOptions = {}) {
    super(options);
    this.target = stream;
    this.endOnClose = options.endOnClose ?? false;
  }

  get stream(): WritableLike {
    return typeof this.target === 'function' ? this.target() : this.target;
  }

  emit(record: LogRecord): void {
    if (this.ended) {
      reportClosed(this, 1);
      return;
    }
    this.stream.write(this.format(record));
  }

  override emitBatch(records: readonly LogRecord[], _reason: BatchReason): void {
    if (this.ended) {
      reportClosed(this, records.length);
      return;
    }
    let text = '';
    for (const record of records) text += this.format(record);
    this.stream.write(text);
  }

  /** Resolves once everything written so far has been handed to the stream's destination. */
  override flush(): Promise<void> {
    return new Promise((resolve) => {
      this.stream.write('', () => resolve());
    });
  }

  override close(): Promise<void> | void {
    const stream = this.stream;
    if (!this.endOnClose || stream.end === undefined || this.ended) return;
    this.ended = true;
    return new Promise((resolve) => {
      stream.end!(() => resolve());
    });
  }
}
