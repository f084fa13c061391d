import type { LogRecord } from './record.js';

/** Turns a record into one complete line of output, including its trailing newline. */
export interface Formatter {
  format(record: LogRecord): string;
  /** True when the line shows the caller's file and line: the handler then has the caller captured. */
  readonly wantsCaller?: boolean;
}

/** A formatter may also be a plain function. */
export type FormatterLike = Formatter | ((record: LogRecord) => string);

export function toFormatter(value: FormatterLike): Formatter {
  return typeof value === 'function' ? { format: value } : value;
}
