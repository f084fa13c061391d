// What a LimitingHandler lets through, per its settings: a window ends exactly `interval` ms after it began, the key
// decides what counts as the same record, past `maxKeys` the pending summaries are written and counting starts over,
// flush and close write what is pending, and the summary says the interval in seconds. Bad settings are refused
// with what to give instead.

import { describe, expect, it } from 'vitest';
import { LimitingHandler, Logger, TestHandler } from '../src/index.js';

const log = new Logger('jobs');

/** A limiter with a clock the test moves, pushed for the length of `body`. */
function limited(
  options: { limit: number; interval: number; maxKeys?: number; key?: (r: { channel: string }) => string },
  body: (clock: { now: number }, limiter: LimitingHandler) => void,
  sink = new TestHandler(),
): string[] {
  const clock = { now: 0 };
  const limiter = new LimitingHandler(sink, { ...options, clock: () => clock.now });
  limiter.pushApplication();
  try {
    body(clock, limiter);
  } finally {
    limiter.popApplication();
  }
  return sink.records.map((record) => record.message);
}

describe('LimitingHandler', () => {
  it('starts a new window exactly `interval` ms after the last one began, not before', () => {
    const messages = limited({ limit: 1, interval: 1000 }, (clock) => {
      log.info('tick');
      clock.now = 999;
      log.info('tick'); // same window: suppressed
      clock.now = 1000;
      log.info('tick'); // the window has ended: summary, then through
    });
    expect(messages).toEqual(['tick', 'Suppressed 1 records like "tick" (limit 1 per 1 s)', 'tick']);
  });

  it('says the interval in seconds, fractions included', () => {
    const messages = limited({ limit: 1, interval: 1500 }, (clock, limiter) => {
      log.info('tick');
      log.info('tick');
      clock.now = 10;
      limiter.flushSync();
    });
    expect(messages.at(-1)).toBe('Suppressed 1 records like "tick" (limit 1 per 1.5 s)');
  });

  it('counts records of one key together, whatever their template, with a key function', () => {
    const messages = limited({ limit: 1, interval: 1000, key: (record) => record.channel }, () => {
      log.info('first');
      log.info('second'); // same channel: suppressed although the template differs
      new Logger('other').info('third');
    });
    expect(messages).toEqual(['first', 'third']);
  });

  it('tells templates apart by default', () => {
    const messages = limited({ limit: 1, interval: 1000 }, () => {
      log.info('first');
      log.info('second');
      log.info('first');
    });
    expect(messages).toEqual(['first', 'second']);
  });

  it('past maxKeys writes the pending summaries and starts counting again', () => {
    const messages = limited({ limit: 1, interval: 1000, maxKeys: 2 }, () => {
      log.info('a');
      log.info('a'); // suppressed
      log.info('b'); // second key: still within maxKeys
      log.info('c'); // a third key: summaries first, then counting starts over
      log.info('a'); // a new window for "a"
    });
    expect(messages).toEqual(['a', 'b', 'Suppressed 1 records like "a" (limit 1 per 1 s)', 'c', 'a']);
  });

  it('writes pending summaries on flush, flushSync and close, and only then', async () => {
    for (const ending of ['flush', 'flushSync', 'close'] as const) {
      const sink = new TestHandler();
      const limiter = new LimitingHandler(sink, { limit: 1, interval: 1000, clock: () => 0 });
      limiter.bind(() => {
        log.info('tock');
        log.info('tock');
      });
      expect(
        sink.records.map((record) => record.message),
        ending,
      ).toEqual(['tock']);
      await limiter[ending]();
      expect(
        sink.records.map((record) => record.message),
        ending,
      ).toEqual(['tock', 'Suppressed 1 records like "tock" (limit 1 per 1 s)']);
    }
  });

  it('gives the inner handler only the records and summaries at its level', () => {
    const sink = new TestHandler({ level: 'warning' });
    const messages = limited(
      { limit: 1, interval: 1000 },
      (clock, limiter) => {
        log.info('quiet');
        log.info('quiet');
        log.warning('loud');
        log.warning('loud');
        clock.now = 5;
        limiter.flushSync();
      },
      sink,
    );
    expect(messages).toEqual(['loud', 'Suppressed 1 records like "loud" (limit 1 per 1 s)']);
  });

  it('refuses a limit or an interval it cannot use, saying what it needs', () => {
    const sink = new TestHandler();
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      expect(() => new LimitingHandler(sink, { limit, interval: 1000 })).toThrow(
        `LimitingHandler limit must be a whole number ≥ 1, got ${limit}.`,
      );
    }
    for (const interval of [0, -5, Number.NaN]) {
      expect(() => new LimitingHandler(sink, { limit: 1, interval })).toThrow(
        `LimitingHandler interval must be a positive number of milliseconds, got ${interval}.`,
      );
    }
    expect(new LimitingHandler(sink, { limit: 1, interval: 0.5 }).interval).toBe(0.5);
  });
});
