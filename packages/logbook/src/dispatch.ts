// Walks a record down the resolved stack: processors once, then handlers newest first until one that
// does not bubble takes it. Shared by Logger and by the console/warning capture.

import { captureCaller } from './caller.js';
import type { Handler } from './handler.js';
import type { Processor } from './processor.js';
import type { LogRecord } from './record.js';
import type { ResolvedStack } from './stack.js';

/** Processors that belong to a logger or logger group rather than to the stack. */
export type RecordPreparer = (record: LogRecord) => void;

export function dispatch(record: LogRecord, resolved: ResolvedStack, prepare?: RecordPreparer): void {
  if (resolved.needsCaller && record.caller === undefined) record.caller = captureCaller();
  const handlers = resolved.handlers as readonly Handler[];
  let prepared = false;
  for (let i = 0; i < handlers.length; i++) {
    const handler = handlers[i]!;
    // A busy handler is writing the record that led to this one: it passes this one on (see Handler.busy).
    if (record.level < handler.level || handler.busy) continue;
    if (handler.blackhole && handler.filter === undefined) {
      if (!handler.bubble) return; // swallowed: nothing below sees it, and no work was done for it
      continue;
    }
    if (!prepared) {
      prepared = true;
      // Lazy values first, so processors (redaction) see what will be written.
      record.resolveLazyFields();
      if (prepare !== undefined) prepare(record);
      const processors = resolved.processors as readonly Processor[];
      for (let p = 0; p < processors.length; p++) processors[p]!.process(record);
    }
    if (handler.filter !== undefined && !handler.accepts(record)) continue;
    handler.handle(record);
    if (!handler.bubble) return;
  }
}
