// Processors add context to a record before any handler sees it (the request processor adds the request
// id, client and user). They live on the same stack as handlers and are pushed and bound the same way.

import { reportFailure, type ErrorPolicy } from './handler-errors.js';
import type { LogRecord } from './record.js';
import type { StackProcessor } from './stack.js';
import { Stackable } from './stackable.js';

export type ProcessorFunction = (record: LogRecord) => void;

export class Processor extends Stackable implements StackProcessor {
  readonly kind = 'processor' as const;
  readonly errors: ErrorPolicy | undefined;
  errorCount = 0;
  errorReported = false;

  constructor(
    private readonly fn: ProcessorFunction,
    readonly label: string = fn.name || 'anonymous',
    options: { errors?: ErrorPolicy } = {},
  ) {
    super();
    this.errors = options.errors;
  }

  /** Runs the processor; a failure is reported by the handler error policy, never thrown at the caller. */
  process(record: LogRecord): void {
    try {
      this.fn(record);
    } catch (error) {
      reportFailure(this, `${String(this)} processing a record`, error);
    }
  }

  override toString(): string {
    return `Processor(${this.label})`;
  }
}
