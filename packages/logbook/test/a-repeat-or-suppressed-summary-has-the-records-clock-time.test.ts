// Found by dedup-and-limiting-account-for-every-record.test.ts. Under setClock() (a replay, a test clock) the
// "Message repeated" and "Suppressed" summaries were stamped with the wall clock (Date.now()), so in the
// log they came years after (or before) the records they count.

import { describe, expect, it } from 'vitest';
import { DedupHandler, LimitingHandler, Logger, setClock, TestHandler, type Handler } from '../src/index.js';

function logTwiceAt(time: number, handler: Handler): void {
  const previous = setClock(() => time);
  handler.pushApplication();
  try {
    const log = new Logger('app');
    log.info('same');
    log.info('same');
    handler.flushSync();
  } finally {
    handler.popApplication();
    setClock(previous);
  }
}

describe('a summary record', () => {
  const time = Date.UTC(2020, 0, 1);

  it('of repeats has the time of the records clock', () => {
    const inner = new TestHandler();
    logTwiceAt(time, new DedupHandler(inner));
    expect(inner.records.map((record) => [record.event, record.time])).toEqual([
      [undefined, time],
      ['log.repeated', time],
    ]);
  });

  it('of suppressed records has the time of the records clock', () => {
    const inner = new TestHandler();
    logTwiceAt(time, new LimitingHandler(inner, { limit: 1, interval: 60_000 }));
    expect(inner.records.map((record) => [record.event, record.time])).toEqual([
      [undefined, time],
      ['log.suppressed', time],
    ]);
  });
});
