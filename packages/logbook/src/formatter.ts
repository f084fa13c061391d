import type { LogRecord } from './record.js';

/** Turns a record into one complete line of output, including its trailing newline. */
export interface Formatter {
  format(record: LogRecord): string;
}

/** A formatter may also be a plain function. */
export type FormatterLike = Formatter | ((record: LogRecord) => string);

export function toFormatter(value: FormatterLike): Formatter {
  return typeof value === 'function' ? { format: value } : value;
}
