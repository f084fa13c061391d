// Found by record-times-are-written-as-their-iso-instant.test.ts. A clock with fractions of a millisecond
// (setClock(() => performance.timeOrigin + performance.now())) gave `"time":"…T12:00:00.123.5Z"`; a time
// that is no date (NaN from a broken clock or a processor) made the JSON formatter throw, and the record was
// lost; a year beyond 9999 was cut into "+010000-01-01T00:00:000Z"; a local year before 1000 had three digits.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, TextFormatter } from '../src/index.js';

const at = (time: number): LogRecord => new LogRecord(time, 30, 'app', 'hello');
const timeOf = (line: string): string => (JSON.parse(line) as { time: string }).time;

describe('a record time', () => {
  it('with a fraction of a millisecond is written as the millisecond it falls in', () => {
    const time = Date.UTC(2026, 10, 22, 12) + 123.5;
    expect(timeOf(new JsonFormatter().format(at(time)))).toBe('2026-11-22T12:00:00.123Z');
    expect(new TextFormatter({ template: '{time}' }).format(at(time))).toBe('2026-11-22T12:00:00.123Z\n');
    expect(timeOf(new JsonFormatter().format(at(5e-324)))).toBe('1970-01-01T00:00:00.000Z');
    expect(timeOf(new JsonFormatter().format(at(-2.475e-321)))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('that no date can hold is "Invalid Date", and the line is still written', () => {
    for (const time of [Number.NaN, Infinity, 8.64e15 + 1]) {
      expect(timeOf(new JsonFormatter().format(at(time)))).toBe('Invalid Date');
      expect(timeOf(new JsonFormatter({ time: 'local' }).format(at(time)))).toBe('Invalid Date');
      expect(new TextFormatter({ template: '{time}' }).format(at(time))).toBe('Invalid Date\n');
    }
  });

  it('beyond the year 9999 is written whole, and a local year before 1000 with four digits', () => {
    expect(timeOf(new JsonFormatter().format(at(253402300800000)))).toBe('+010000-01-01T00:00:00.000Z');
    const early = Date.UTC(999, 5, 1);
    expect(timeOf(new JsonFormatter({ time: 'local' }).format(at(early)))).toMatch(/^0999-0[56]-/);
  });
});
