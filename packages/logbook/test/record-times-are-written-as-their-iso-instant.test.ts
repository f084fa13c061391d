// Property: whatever number a record's time is (the clock's Date.now(), a clock with fractions such as
// performance.timeOrigin + performance.now(), a time a processor set), the JSON line and the text line write
// the instant `new Date(time)` stands for, as its ISO string, the same in both; a time no Date can hold is
// "Invalid Date" (as a Date value is, record-schema.md), and formatting never throws.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, TextFormatter } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const YEAR_0 = new Date('0000-01-01T00:00:00.000Z').getTime();
const YEAR_10000 = new Date('+010000-01-01T00:00:00.000Z').getTime();

function expectedTime(time: number): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
}

const time = fc.oneof(
  fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }),
  fc.double({ min: YEAR_0, max: YEAR_10000 - 1, noNaN: true }),
  fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }).map((ms) => ms + 0.5),
  fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, -0.5, 999.999, -1),
);

describe('a record time', () => {
  it('is written as the ISO string of its instant in the JSON and the text line', () => {
    const json = new JsonFormatter({ host: 'h' });
    const text = new TextFormatter({ template: '{time}' });
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 4 }), (times) => {
        // Several in a row: the formatters keep the last second's text, which must not leak into the next.
        for (const ms of times) {
          const record = new LogRecord(ms, 30, 'app', 'hello');
          const expected = expectedTime(ms);
          const line = JSON.parse(json.format(record)) as { time: string };
          expect(line.time).toBe(expected);
          expect(Buffer.from(json.formatUtf8Bytes(record), 'latin1').toString('utf8')).toBe(
            json.format(record),
          );
          expect(text.format(record)).toBe(expected + '\n');
        }
      }),
      propertyRuns(300),
    );
  });

  it('in local time is the same instant, or "Invalid Date"', () => {
    const json = new JsonFormatter({ host: 'h', time: 'local' });
    fc.assert(
      fc.property(time, (ms) => {
        const written = (JSON.parse(json.format(new LogRecord(ms, 30, 'app', 'hello'))) as { time: string })
          .time;
        const expected = expectedTime(ms);
        if (expected === 'Invalid Date') expect(written).toBe(expected);
        // From 1970 on: before about 1900 zones kept local mean time, whose offsets have seconds
        // (Kolkata +05:21:10), which an ISO offset (±hh:mm) cannot write.
        else if (ms >= 0 && ms < YEAR_10000 - 86_400_000)
          expect(new Date(written).toISOString()).toBe(expected);
      }),
      propertyRuns(200),
    );
  });
});
