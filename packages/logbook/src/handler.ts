// The base of every handler: level, filter, bubbling, formatter, and the error policy around emit().

import { reportFailure, type ErrorPolicy } from './handler-errors.js';
import { Level, levelName, toLevel, type LevelLike } from './level.js';
import type { LogRecord } from './record.js';
import { stack, type StackHandler } from './stack.js';
import { Stackable } from './stackable.js';
import { toFormatter, type Formatter, type FormatterLike } from './formatter.js';
import { TextFormatter } from './formatters/text.js';

/** Decides whether a handler takes a record it would otherwise take by level. */
export type Filter = (record: LogRecord, handler: Handler) => boolean;

/** Why a batch is being emitted: a fingers-crossed escalation, a group being popped, a flush. */
export type BatchReason = 'escalation' | 'group' | 'flush' | 'summary';

export interface HandlerOptions {
  /** The lowest level this handler takes (default NOTSET: everything). */
  level?: LevelLike;
  /** Extra condition; a record the filter rejects goes on to the next handler. */
  filter?: Filter;
  /** Whether a record this handler took also goes on to the handlers below it (default false). */
  bubble?: boolean;
  formatter?: FormatterLike;
  /** What to do when emit() fails; default from setHandlerErrorPolicy() ('print'). */
  errors?: ErrorPolicy;
}

let defaultFormatter: Formatter | undefined;

export abstract class Handler extends Stackable implements StackHandler {
  readonly kind = 'handler' as const;
  /** True for handlers that swallow records (NullHandler): they do not lower the level gate. */
  readonly blackhole: boolean = false;
  /** Whether this handler's output includes the caller's file and line (its formatter's, or an inner handler's). */
  wantsCaller: boolean;
  readonly filter: Filter | undefined;
  formatter: Formatter | undefined;
  readonly errors: ErrorPolicy | undefined;
  errorCount = 0;
  errorReported = false;
  /**
   * True while this handler writes a record. A record logged meanwhile (by the handler's own code, a
   * formatter, a stream's callback) skips it and goes on down the stack: sending it back would recurse
   * without end.
   */
  busy = false;
  private currentLevel: number;
  private currentBubble: boolean;

  constructor(options: HandlerOptions = {}) {
    super();
    this.currentLevel = options.level === undefined ? Level.NOTSET : toLevel(options.level);
    this.currentBubble = options.bubble ?? false;
    this.filter = options.filter;
    this.formatter = options.formatter === undefined ? undefined : toFormatter(options.formatter);
    this.wantsCaller = this.formatter?.wantsCaller === true;
    this.errors = options.errors;
  }

  get level(): number {
    return this.currentLevel;
  }

  set level(value: LevelLike) {
    this.currentLevel = toLevel(value);
    stack.handlerChanged(this);
  }

  get bubble(): boolean {
    return this.currentBubble;
  }

  set bubble(value: boolean) {
    this.currentBubble = value;
    stack.handlerChanged(this);
  }

  /** Writes one record. Called only for records that passed level and filter. */
  abstract emit(record: LogRecord): void;

  /**
   * Writes several records at once (a fingers-crossed trail, a group). The default emits them one by one;
   * handlers that can write a batch more cheaply or as one unit override it.
   */
  emitBatch(records: readonly LogRecord[], _reason: BatchReason): void {
    for (const record of records) this.emit(record);
  }

  /** Whether this handler takes the record: level, then filter. */
  accepts(record: LogRecord): boolean {
    if (record.level < this.currentLevel) return false;
    if (this.filter === undefined) return true;
    try {
      return this.filter(record, this);
    } catch (error) {
      reportFailure(this, `the filter of ${String(this)}`, error);
      return false;
    }
  }

  /** emit() behind the error policy: a failure is reported, never thrown at the caller (unless policy 'throw'). */
  handle(record: LogRecord): void {
    this.busy = true;
    try {
      this.emit(record);
    } catch (error) {
      reportFailure(this, `${String(this)} emitting a record`, error);
    } finally {
      this.busy = false;
    }
  }

  handleBatch(records: readonly LogRecord[], reason: BatchReason): void {
    if (records.length === 0) return;
    this.busy = true;
    try {
      this.emitBatch(records, reason);
    } catch (error) {
      reportFailure(this, `${String(this)} emitting ${records.length} records`, error);
    } finally {
      this.busy = false;
    }
  }

  /** The formatted line for a record, with this handler's formatter or the default text format. */
  format(record: LogRecord): string {
    return (this.formatter ?? (defaultFormatter ??= new TextFormatter())).format(record);
  }

  /** Writes out anything buffered. */
  flush(): void | Promise<void> {}

  /** Writes out anything buffered before returning (for exit and crash paths). */
  flushSync(): void {}

  /** Releases resources; the handler should not be used afterwards. */
  close(): void | Promise<void> {}

  override toString(): string {
    return `${this.constructor.name}(level=${this.currentLevel === 0 ? 'NOTSET' : levelName(this.currentLevel)})`;
  }
}
