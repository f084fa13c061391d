// Found while reading timed-rotating-file.ts (s9): the period file was picked from `record.time` (and the first one
// from the records' clock) unchecked. A clock set with setClock() that gives NaN made `app-NaN-NaN-NaN.jsonl`; one
// record at Infinity or beyond the year 275760 moved the handler into `app-NaN-NaN-NaN.jsonl` for good (every later
// record went there too, and retention never saw it); a negative clock started a file of 1969, and a year beyond 9999
// one that retention's YYYY-MM-DD pattern never finds. A broken clock now chooses no file: the record is kept in the
// current period's file (by the system clock when the records' clock is the broken one), its time written as the
// JSON formatter writes it ("Invalid Date" when there is no date).

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isoTimeUtc, Logger, periodOf, setClock, TimedRotatingFileHandler } from '../src/index.js';

const log = new Logger('app');
let restore: (() => number) | undefined;
afterEach(() => {
  if (restore !== undefined) setClock(restore);
  restore = undefined;
});

const BROKEN: readonly [string, number][] = [
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['a negative time', -1],
  ['the year 275760 and beyond (no Date)', 8.64e15 + 1],
  ['the year 20000', Date.UTC(20000, 0, 1)],
];

function today(): string {
  return `app-${periodOf(Date.now(), 'daily', 'utc').key}.jsonl`;
}

function recordsIn(dir: string, name: string): { time: string; msg: string }[] {
  return readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { time: string; msg: string });
}

describe('TimedRotatingFileHandler under a broken clock', () => {
  it.each(BROKEN)(
    'set before it starts (%s) writes into the file of today, the time as formatted',
    (_, time) => {
      const dir = mkdtempSync(join(tmpdir(), 'logbook-clock-'));
      restore = setClock(() => time);
      const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { sync: true });
      handler.bind(() => log.info('under a broken clock'));
      handler.close();
      expect(readdirSync(dir).sort()).toEqual([today(), 'app.jsonl']);
      expect(recordsIn(dir, today())).toEqual([
        expect.objectContaining({ msg: 'under a broken clock', time: isoTimeUtc(time) }),
      ]);
    },
  );

  it.each(BROKEN)('for one record (%s) keeps it and the next ones in the current file', (_, time) => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-clock-'));
    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { sync: true });
    handler.bind(() => {
      log.info('before');
      restore = setClock(() => time);
      log.info('broken');
      setClock(restore);
      restore = undefined;
      log.info('after');
    });
    handler.close();
    expect(readdirSync(dir).sort()).toEqual([today(), 'app.jsonl']);
    expect(recordsIn(dir, today()).map((r) => r.msg)).toEqual(['before', 'broken', 'after']);
  });

  it('periodOf() refuses a time no file can be named after, saying what it wants', () => {
    expect(() => periodOf(Number.NaN, 'daily', 'utc')).toThrow(
      /NaN is no time a period file can be named after/,
    );
    expect(() => periodOf(Date.UTC(20000, 0, 1), 'hourly', 'local')).toThrow(RangeError);
    expect(periodOf(Date.UTC(2026, 10, 22, 13), 'hourly', 'utc').key).toBe('2026-11-22-13');
  });
});
