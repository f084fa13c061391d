// Property: for any run of records, levels and settings, what a FingersCrossedHandler hands its inner handler
// is what the documented model says: nothing until a record at the action level; then the buffered trail
// (the last `bufferSize` records, oldest first) that the inner handler's level takes, as one batch; then every
// later record it takes, or buffering again with `reset`. `dropped` counts what fell out of the full buffer.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FingersCrossedHandler,
  Logger,
  TestHandler,
  type BatchReason,
  type LogRecord,
} from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const LEVELS = [10, 20, 30, 35, 40, 50, 60] as const;

class BatchRecorder extends TestHandler {
  readonly batches: { reason: BatchReason; size: number }[] = [];
  override emitBatch(records: readonly LogRecord[], reason: BatchReason): void {
    this.batches.push({ reason, size: records.length });
    super.emitBatch(records, reason);
  }
}

interface Model {
  out: number[];
  batches: number[];
  dropped: number;
  triggered: boolean;
}

function model(
  levels: number[],
  action: number,
  size: number,
  reset: boolean,
  innerLevel: number,
  ownLevel: number,
): Model {
  let buffer: number[] = [];
  const out: number[] = [];
  const batches: number[] = [];
  let dropped = 0;
  let triggered = false;
  levels.forEach((level, index) => {
    if (level < ownLevel) return; // below the handler's own level: never seen
    if (triggered) {
      if (level >= innerLevel) out.push(index);
      return;
    }
    buffer.push(index);
    if (buffer.length > size) {
      buffer.shift();
      dropped++;
    }
    if (level >= action) {
      const trail = buffer.filter((i) => levels[i]! >= innerLevel);
      if (trail.length > 0) batches.push(trail.length);
      out.push(...trail);
      buffer = [];
      triggered = !reset;
    }
  });
  return { out, batches, dropped, triggered };
}

describe('FingersCrossedHandler', () => {
  it('passes on exactly what the model says, in order, for any run of records', () => {
    const log = new Logger('fc');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LEVELS), { maxLength: 60 }),
        fc.constantFrom(...LEVELS),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.constantFrom(0, ...LEVELS),
        fc.constantFrom(0, 10, 20, 30),
        (levels, action, size, reset, innerLevel, ownLevel) => {
          const inner = new BatchRecorder({ level: innerLevel });
          const handler = new FingersCrossedHandler(inner, {
            actionLevel: action,
            bufferSize: size,
            reset,
            level: ownLevel,
          });
          handler.pushApplication();
          try {
            levels.forEach((level, index) => log.log(level, 'record {index}', { index }));
          } finally {
            handler.popApplication();
          }
          const expected = model(levels, action, size, reset, innerLevel, ownLevel);
          expect(inner.records.map((record) => (record.fields as { index: number }).index)).toEqual(
            expected.out,
          );
          expect(inner.batches.map((batch) => batch.size)).toEqual(expected.batches);
          expect(inner.batches.every((batch) => batch.reason === 'escalation')).toBe(true);
          expect(handler.dropped).toBe(expected.dropped);
          expect(handler.triggered).toBe(expected.triggered);
        },
      ),
      propertyRuns(300),
    );
  });
});
