// Holds records while it is on the stack and emits them as one batch when it is popped, so the lines
// of one job end up together in the output even when other work logs in between.

import type { BatchReason, HandlerOptions } from '../handler.js';
import type { LogRecord } from '../record.js';
import type { Handler } from '../handler.js';
import { WrapperHandler } from './wrapper.js';

export class GroupHandler extends WrapperHandler {
  private pending: LogRecord[] = [];

  constructor(inner: Handler, options: HandlerOptions = {}) {
    super(inner, options);
  }

  emit(record: LogRecord): void {
    this.pending.push(record);
  }

  /** Emits what is held as one batch. Called on pop; also callable by hand. */
  release(reason: BatchReason = 'group'): void {
    const batch = this.pending.filter((record) => this.inner.accepts(record));
    this.pending = [];
    this.inner.handleBatch(batch, reason);
  }

  override popApplication(): void {
    super.popApplication();
    this.release();
  }

  override popContext(): void {
    super.popContext();
    this.release();
  }

  override bind<R>(fn: () => R): R {
    return this.bindThen(fn, () => this.release());
  }

  override flush(): void | Promise<void> {
    this.release('flush');
    return super.flush();
  }

  override flushSync(): void {
    this.release('flush');
    super.flushSync();
  }
}
