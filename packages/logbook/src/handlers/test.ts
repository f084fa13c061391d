// Keeps records in memory so tests can ask what was logged.

import { Handler, type HandlerOptions } from '../handler.js';
import { Level, type LevelLike, toLevel } from '../level.js';
import type { LogRecord } from '../record.js';
import { TextFormatter } from '../formatters/text.js';

export interface RecordQuery {
  channel?: string;
  event?: string;
}

/** A message to look for: an exact string (rendered message or template) or a pattern on the message. */
export type MessageMatcher = string | RegExp;

export class TestHandler extends Handler {
  readonly records: LogRecord[] = [];

  constructor(options: HandlerOptions = {}) {
    super({
      formatter: new TextFormatter({ template: '[{level}] {channel}: {message}', stack: false }),
      ...options,
    });
  }

  emit(record: LogRecord): void {
    this.records.push(record);
  }

  /** Each record as formatted by this handler's formatter, without the trailing newline. */
  get formatted(): string[] {
    return this.records.map((record) => this.format(record).replace(/\n$/, ''));
  }

  /** Records at exactly this level. */
  recordsAt(level: LevelLike): LogRecord[] {
    const wanted = toLevel(level);
    return this.records.filter((record) => record.level === wanted);
  }

  /** Whether a record at exactly `level` matches; with no matcher, whether any record is at that level. */
  has(level: LevelLike, matcher?: MessageMatcher, query: RecordQuery = {}): boolean {
    const wanted = toLevel(level);
    return this.records.some(
      (record) =>
        record.level === wanted &&
        (query.channel === undefined || record.channel === query.channel) &&
        (query.event === undefined || record.event === query.event) &&
        matches(record, matcher),
    );
  }

  hasTrace(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.TRACE, matcher, query);
  }
  hasDebug(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.DEBUG, matcher, query);
  }
  hasInfo(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.INFO, matcher, query);
  }
  hasNotice(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.NOTICE, matcher, query);
  }
  hasWarning(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.WARNING, matcher, query);
  }
  hasError(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.ERROR, matcher, query);
  }
  hasCritical(matcher?: MessageMatcher, query?: RecordQuery): boolean {
    return this.has(Level.CRITICAL, matcher, query);
  }

  clear(): void {
    this.records.length = 0;
  }
}

function matches(record: LogRecord, matcher: MessageMatcher | undefined): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return record.message === matcher || record.msg === matcher;
  matcher.lastIndex = 0;
  return matcher.test(record.message);
}
