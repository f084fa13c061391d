// Collapses a run of identical records (same level, channel and message) into the first one plus a
// "message repeated N times" record when the run ends — the way syslog does.

import { currentTime } from '../clock.js';
import type { Handler, HandlerOptions } from '../handler.js';
import { LogRecord } from '../record.js';
import { WrapperHandler } from './wrapper.js';

export class DedupHandler extends WrapperHandler {
  private last: LogRecord | undefined;
  private repeats = 0;

  constructor(inner: Handler, options: HandlerOptions = {}) {
    super(inner, options);
  }

  emit(record: LogRecord): void {
    const last = this.last;
    if (
      last !== undefined &&
      last.level === record.level &&
      last.channel === record.channel &&
      last.message === record.message
    ) {
      this.repeats++;
      return;
    }
    this.endRun();
    this.last = record;
    if (this.inner.accepts(record)) this.inner.handle(record);
  }

  /** Writes the pending "repeated" summary, if a run is open. */
  endRun(): void {
    const last = this.last;
    if (last !== undefined && this.repeats > 0) {
      // The records' clock (setClock), as every record's: not the wall clock.
      const summary = new LogRecord(
        currentTime(),
        last.level,
        last.channel,
        'Message repeated {count} times: {message}',
        { count: this.repeats, message: last.message },
        undefined,
        'log.repeated',
      );
      if (this.inner.accepts(summary)) this.inner.handle(summary);
    }
    this.last = undefined;
    this.repeats = 0;
  }

  override popApplication(): void {
    super.popApplication();
    this.endRun();
  }

  override popContext(): void {
    super.popContext();
    this.endRun();
  }

  /** The run still open when the bound work ends is written then, not left for a flush that may never come. */
  override bind<R>(fn: () => R): R {
    return this.bindThen(fn, () => this.endRun());
  }

  override flush(): void | Promise<void> {
    this.endRun();
    return super.flush();
  }

  override flushSync(): void {
    this.endRun();
    super.flushSync();
  }

  override close(): void | Promise<void> {
    this.endRun();
    return super.close();
  }
}
