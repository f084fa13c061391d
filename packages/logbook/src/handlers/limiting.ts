// At most `limit` records per key in each interval; the rest are counted and reported in one summary
// record when the interval ends (on the next record of that key, or on flush/close). A log storm from a
// hot loop costs a few lines instead of filling the disk.

import { currentTime } from '../clock.js';
import type { Handler, HandlerOptions } from '../handler.js';
import { LogRecord } from '../record.js';
import { WrapperHandler } from './wrapper.js';

export interface LimitingOptions extends HandlerOptions {
  /** Records let through per key per interval. */
  limit: number;
  /** The interval in milliseconds. */
  interval: number;
  /** What counts as "the same kind of record" (default: channel and template). */
  key?: (record: LogRecord) => string;
  /** Clock for windows (default Date.now); tests pass their own. */
  clock?: () => number;
  /** Most keys tracked at once (default 10,000); past it, pending summaries are written and state starts over. */
  maxKeys?: number;
}

interface Window {
  start: number;
  passed: number;
  suppressed: number;
  sample: LogRecord;
}

export class LimitingHandler extends WrapperHandler {
  readonly limit: number;
  readonly interval: number;
  private readonly keyOf: (record: LogRecord) => string;
  private readonly clock: () => number;
  private readonly maxKeys: number;
  private readonly windows = new Map<string, Window>();

  constructor(inner: Handler, options: LimitingOptions) {
    super(inner, options);
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError(`LimitingHandler limit must be a whole number ≥ 1, got ${options.limit}.`);
    }
    if (!(options.interval > 0)) {
      throw new RangeError(
        `LimitingHandler interval must be a positive number of milliseconds, got ${options.interval}.`,
      );
    }
    this.limit = options.limit;
    this.interval = options.interval;
    this.keyOf = options.key ?? ((record) => `${record.channel}\u0000${record.msg}`);
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  emit(record: LogRecord): void {
    const now = this.clock();
    const key = this.keyOf(record);
    let window = this.windows.get(key);
    if (window !== undefined && now - window.start >= this.interval) {
      this.summarise(window);
      window = undefined;
    }
    if (window === undefined) {
      if (this.windows.size >= this.maxKeys) this.summariseAll();
      window = { start: now, passed: 0, suppressed: 0, sample: record };
      this.windows.set(key, window);
    }
    if (window.passed < this.limit) {
      window.passed++;
      if (this.inner.accepts(record)) this.inner.handle(record);
    } else {
      window.suppressed++;
    }
  }

  /** Writes a summary for every window that suppressed something, and forgets all windows. */
  summariseAll(): void {
    for (const window of this.windows.values()) this.summarise(window);
    this.windows.clear();
  }

  private summarise(window: Window): void {
    if (window.suppressed === 0) return;
    const sample = window.sample;
    // The records' clock (setClock), as every record's; `clock` only times the windows.
    const summary = new LogRecord(
      currentTime(),
      sample.level,
      sample.channel,
      'Suppressed {count} records like "{template}" (limit {limit} per {seconds} s)',
      { count: window.suppressed, template: sample.msg, limit: this.limit, seconds: this.interval / 1000 },
      undefined,
      'log.suppressed',
    );
    window.suppressed = 0;
    if (this.inner.accepts(summary)) this.inner.handle(summary);
  }

  override flush(): void | Promise<void> {
    this.summariseAll();
    return super.flush();
  }

  override flushSync(): void {
    this.summariseAll();
    super.flushSync();
  }

  override close(): void | Promise<void> {
    this.summariseAll();
    return super.close();
  }
}
