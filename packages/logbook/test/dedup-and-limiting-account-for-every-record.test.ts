// Property: DedupHandler and LimitingHandler lose no record silently. For any run of records (any channels,
// messages, levels, any clock steps), every record reaches the inner handler or is counted in a summary that
// does (`Message repeated N times`, `Suppressed N records`), so the counts add up; and every summary carries
// the time of the records' clock (setClock), in order with the records.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupHandler, LimitingHandler, Logger, setClock, TestHandler, type Handler } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

interface Step {
  channel: string;
  text: string;
  level: number;
  advance: number;
}

const step = fc.record({
  channel: fc.constantFrom('a', 'b'),
  text: fc.constantFrom('x', 'y', 'z'),
  level: fc.constantFrom(30, 40),
  advance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 400 })),
});

/** Logs the steps through `handler` with a clock that moves as they say; returns the clock's times. */
function run(handler: Handler, steps: Step[], flush: () => void): number[] {
  let now = 1_000_000;
  const previous = setClock(() => now);
  const times: number[] = [];
  handler.pushApplication();
  try {
    for (const s of steps) {
      now += s.advance;
      times.push(now);
      new Logger(s.channel).log(s.level, `message ${s.text}`);
    }
    now += 1;
    flush();
  } finally {
    handler.popApplication();
    setClock(previous);
  }
  return times;
}

function expectTimesInOrder(inner: TestHandler, first: number, last: number): void {
  const times = inner.records.map((record) => record.time);
  for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
  for (const time of times) {
    expect(time).toBeGreaterThanOrEqual(first);
    expect(time).toBeLessThanOrEqual(last + 1);
  }
}

describe('records that are collapsed or limited', () => {
  it('DedupHandler: each record is written or counted in a repeat summary, at the clock of the records', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const inner = new TestHandler();
        const dedup = new DedupHandler(inner);
        const times = run(dedup, steps, () => dedup.flushSync());
        let counted = 0;
        for (const record of inner.records) {
          counted += record.event === 'log.repeated' ? (record.fields as { count: number }).count : 1;
        }
        expect(counted).toBe(steps.length);
        expectTimesInOrder(inner, times[0]!, times.at(-1)!);
      }),
      propertyRuns(200),
    );
  });

  it('LimitingHandler: each record is written or counted in a suppressed summary, at the clock of the records', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 1000 }),
        (steps, limit, interval) => {
          const inner = new TestHandler();
          const limiting = new LimitingHandler(inner, { limit, interval });
          const times = run(limiting, steps, () => limiting.flushSync());
          let counted = 0;
          for (const record of inner.records) {
            counted += record.event === 'log.suppressed' ? (record.fields as { count: number }).count : 1;
          }
          expect(counted).toBe(steps.length);
          expectTimesInOrder(inner, times[0]!, times.at(-1)!);
        },
      ),
      propertyRuns(200),
    );
  });
});
