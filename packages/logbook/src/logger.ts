// Loggers are cheap and need no registry: `new Logger('db')` anywhere. A call below every handler's
// level returns after comparing two integers; nothing is allocated and no lazy value is called.

import { currentTime } from './clock.js';
import { dispatch } from './dispatch.js';
import { isErrorLike } from './error-info.js';
import { reportFailure } from './handler-errors.js';
import { DISABLED, Level, toLevel, type LevelLike } from './level.js';
import type { LoggerGroup } from './logger-group.js';
import type { ProcessorFunction } from './processor.js';
import { LogRecord } from './record.js';
import { toText } from './serialize.js';
import { stack } from './stack.js';
import { literalTemplate, type Fields, type LogArgs, type RecordOptions } from './template.js';

export interface LoggerOptions {
  /** The lowest level this logger emits (default NOTSET: the handlers decide). */
  level?: LevelLike;
  /** A disabled logger emits nothing. */
  disabled?: boolean;
  /** Runs for every record of this logger before the stack's processors. */
  processor?: ProcessorFunction;
  group?: LoggerGroup;
}

type FieldsArg = Fields | readonly unknown[] | undefined;

const EXCEPTION_TEMPLATE = 'Exception: {error}';
const NOTHING_THROWN_TEMPLATE = 'Exception: undefined';

export class Logger {
  readonly channel: string;
  processor: ProcessorFunction | undefined;
  errorCount = 0;
  errorReported = false;
  readonly errors = undefined;
  /** max(own level, group level), or DISABLED: the first comparison of every call. */
  private floor = Level.NOTSET as number;
  private ownLevel = Level.NOTSET as number;
  private ownDisabled = false;
  private currentGroup: LoggerGroup | undefined;

  constructor(channel = 'app', options: LoggerOptions = {}) {
    this.channel = channel;
    this.processor = options.processor;
    if (options.level !== undefined) this.ownLevel = toLevel(options.level);
    this.ownDisabled = options.disabled ?? false;
    if (options.group !== undefined) options.group.add(this);
    this.refreshFloor();
  }

  get level(): number {
    return this.ownLevel;
  }

  set level(value: LevelLike) {
    this.ownLevel = toLevel(value);
    this.refreshFloor();
  }

  get disabled(): boolean {
    return this.ownDisabled;
  }

  set disabled(value: boolean) {
    this.ownDisabled = value;
    this.refreshFloor();
  }

  get group(): LoggerGroup | undefined {
    return this.currentGroup;
  }

  /** Called by LoggerGroup when this logger joins or leaves it, or when the group's settings change. */
  attachGroup(group: LoggerGroup | undefined): void {
    this.currentGroup = group;
    this.refreshFloor();
  }

  refreshFloor(): void {
    const group = this.currentGroup;
    if (this.ownDisabled || group?.disabled === true) this.floor = DISABLED;
    else this.floor = Math.max(this.ownLevel, group?.level ?? Level.NOTSET);
  }

  /** Whether a record at this level would reach some handler here and now. */
  isEnabledFor(level: LevelLike): boolean {
    const value = toLevel(level);
    return value >= this.floor && value >= stack.gate && value >= stack.current().minLevel;
  }

  trace<T extends string>(template: T, ...args: LogArgs<T>): void;
  trace(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.TRACE < this.floor || Level.TRACE < stack.gate) return;
    this.emit(Level.TRACE, template, fields, options);
  }

  debug<T extends string>(template: T, ...args: LogArgs<T>): void;
  debug(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.DEBUG < this.floor || Level.DEBUG < stack.gate) return;
    this.emit(Level.DEBUG, template, fields, options);
  }

  info<T extends string>(template: T, ...args: LogArgs<T>): void;
  info(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.INFO < this.floor || Level.INFO < stack.gate) return;
    this.emit(Level.INFO, template, fields, options);
  }

  notice<T extends string>(template: T, ...args: LogArgs<T>): void;
  notice(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.NOTICE < this.floor || Level.NOTICE < stack.gate) return;
    this.emit(Level.NOTICE, template, fields, options);
  }

  warning<T extends string>(template: T, ...args: LogArgs<T>): void;
  warning(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.WARNING < this.floor || Level.WARNING < stack.gate) return;
    this.emit(Level.WARNING, template, fields, options);
  }

  error<T extends string>(template: T, ...args: LogArgs<T>): void;
  error(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.ERROR < this.floor || Level.ERROR < stack.gate) return;
    this.emit(Level.ERROR, template, fields, options);
  }

  critical<T extends string>(template: T, ...args: LogArgs<T>): void;
  critical(template: string, fields?: FieldsArg, options?: RecordOptions): void {
    if (Level.CRITICAL < this.floor || Level.CRITICAL < stack.gate) return;
    this.emit(Level.CRITICAL, template, fields, options);
  }

  /** Logs at any level, given by number or name. */
  log<T extends string>(level: LevelLike, template: T, ...args: LogArgs<T>): void;
  log(level: LevelLike, template: string, fields?: FieldsArg, options?: RecordOptions): void {
    const value = toLevel(level);
    if (value < this.floor || value < stack.gate) return;
    this.emit(value, template, fields, options);
  }

  /**
   * Logs an error at ERROR with its stack and cause chain under `error`. The default template is
   * 'Exception: {error}'; `{error}` and `{error.message}` work in any template.
   */
  exception(
    error: unknown,
    template: string = EXCEPTION_TEMPLATE,
    fields?: FieldsArg,
    options?: RecordOptions,
  ): void {
    if (Level.ERROR < this.floor || Level.ERROR < stack.gate) return;
    // `throw undefined` (or a rejection with no value) leaves `{error}` with nothing to show: say what was thrown.
    const shown = error === undefined && template === EXCEPTION_TEMPLATE ? NOTHING_THROWN_TEMPLATE : template;
    this.emit(Level.ERROR, shown, fields, { ...options, error });
  }

  private emit(level: number, template: string, fields: FieldsArg, options: RecordOptions | undefined): void {
    const resolved = stack.current();
    if (level < resolved.minLevel) return;
    let record: LogRecord;
    try {
      record =
        typeof template === 'string'
          ? new LogRecord(
              currentTime(),
              level,
              this.channel,
              template,
              fields,
              options?.error,
              options?.event,
            )
          : nonStringRecord(level, this.channel, template, fields, options);
    } catch (error) {
      // Never throw at the caller, whatever an untyped caller passed.
      reportFailure(this, `Logger(${this.channel}) building a record`, error);
      return;
    }
    const group = this.currentGroup;
    dispatch(
      record,
      resolved,
      this.processor === undefined && group?.processor === undefined ? undefined : this.prepare,
    );
  }

  private readonly prepare = (record: LogRecord): void => {
    try {
      this.currentGroup?.processor?.(record);
      this.processor?.(record);
    } catch (error) {
      reportFailure(this, `the processor of Logger(${this.channel})`, error);
    }
  };

  toString(): string {
    return `Logger(${this.channel})`;
  }
}

/**
 * A record for an untyped caller's `log.error(err)` or `log.info(object)`: the value's text is the message
 * (taken literally, not as a template), and an error is attached with its stack as `exception()` would.
 */
function nonStringRecord(
  level: number,
  channel: string,
  value: unknown,
  fields: FieldsArg,
  options: RecordOptions | undefined,
): LogRecord {
  const template = literalTemplate(value, toText(value));
  const error = options?.error ?? (isErrorLike(value) ? value : undefined);
  return new LogRecord(currentTime(), level, channel, template, fields, error, options?.event);
}
