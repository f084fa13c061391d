// Handlers that hold records (DedupHandler's open run, GroupHandler's batch) write what they hold however their
// use ends: popped from a context, flushed, closed; they pass flush and close on to the handler they wrap, which
// an error message names; a run ends on a record of another level or channel.

import { describe, expect, it } from 'vitest';
import { DedupHandler, GroupHandler, LimitingHandler, Logger, TestHandler } from '../src/index.js';
import { EndingsSink, messagesOf } from './helpers.js';

const log = new Logger('app');

describe('DedupHandler', () => {
  it('ends a run on a record of another level or another channel', () => {
    const sink = new TestHandler();
    new DedupHandler(sink).bind(() => {
      log.info('same');
      log.warning('same');
      new Logger('other').warning('same');
      new Logger('other').warning('same');
    });
    expect(messagesOf(sink)).toEqual(['same', 'same', 'same', 'Message repeated 1 times: same']);
  });

  it('ends a run on a record with another message at the same level and channel', () => {
    const sink = new TestHandler();
    new DedupHandler(sink).bind(() => {
      log.info('first');
      log.info('second');
    });
    expect(messagesOf(sink)).toEqual(['first', 'second']);
  });

  it('bound around work, writes the run still open when the work returns, resolves or throws', async () => {
    const returned = new TestHandler();
    new DedupHandler(returned).bind(() => {
      log.info('again');
      log.info('again');
    });
    expect(messagesOf(returned)).toEqual(['again', 'Message repeated 1 times: again']);

    const resolved = new TestHandler();
    await new DedupHandler(resolved).bind(async () => {
      log.info('again');
      await new Promise((resolve) => setImmediate(resolve));
      log.info('again');
    });
    expect(messagesOf(resolved)).toEqual(['again', 'Message repeated 1 times: again']);

    const threw = new TestHandler();
    expect(() =>
      new DedupHandler(threw).bind(() => {
        log.error('retry failed');
        log.error('retry failed');
        throw new Error('gave up');
      }),
    ).toThrow('gave up');
    expect(messagesOf(threw)).toEqual(['retry failed', 'Message repeated 1 times: retry failed']);
  });

  it('writes the open run when popped from a context, flushed or closed', async () => {
    const popped = new TestHandler();
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const dedup = new DedupHandler(popped).pushContext();
        log.info('again');
        log.info('again');
        dedup.popContext();
        resolve();
      }),
    );
    expect(messagesOf(popped)).toEqual(['again', 'Message repeated 1 times: again']);

    for (const ending of ['flush', 'flushSync', 'close'] as const) {
      const sink = new EndingsSink();
      const dedup = new DedupHandler(sink);
      dedup.pushApplication();
      log.info('again');
      log.info('again');
      await dedup[ending]();
      expect(messagesOf(sink), ending).toEqual(['again', 'Message repeated 1 times: again']);
      expect(sink.endings, ending).toEqual([ending]);
      dedup.popApplication();
      expect(sink.records, ending).toHaveLength(2); // the run was written once
    }
  });

  it('gives the inner handler only records and summaries at its level', () => {
    const sink = new TestHandler({ level: 'warning' });
    new DedupHandler(sink).bind(() => {
      log.info('quiet');
      log.info('quiet');
      log.warning('loud');
      log.warning('loud');
    });
    expect(messagesOf(sink)).toEqual(['loud', 'Message repeated 1 times: loud']);
  });
});

describe('GroupHandler', () => {
  it('writes what it holds when popped from a context, and when flushed (as a flush batch)', async () => {
    const sink = new EndingsSink();
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const group = new GroupHandler(sink).pushContext();
        log.info('one');
        expect(sink.records).toHaveLength(0);
        group.popContext();
        resolve();
      }),
    );
    expect(messagesOf(sink)).toEqual(['one']);
    expect(sink.reasons).toEqual(['group']);

    for (const ending of ['flush', 'flushSync'] as const) {
      const held = new EndingsSink();
      const group = new GroupHandler(held);
      group.pushApplication();
      log.info('two');
      await group[ending]();
      expect(messagesOf(held), ending).toEqual(['two']);
      expect(held.reasons, ending).toEqual(['flush']);
      expect(held.endings, ending).toEqual([ending]);
      group.popApplication();
      expect(held.records, ending).toHaveLength(1);
    }
  });

  it('writes an async job’s lines when the job resolves, together, and returns its value', async () => {
    const sink = new EndingsSink();
    const result = await new GroupHandler(sink).bind(async () => {
      log.info('start');
      await new Promise((resolve) => setImmediate(resolve));
      expect(sink.records).toHaveLength(0);
      log.info('end');
      return 42;
    });
    expect(result).toBe(42);
    expect(messagesOf(sink)).toEqual(['start', 'end']);
    expect(sink.reasons).toEqual(['group']);
  });

  it('writes nothing to the inner handler for an empty group', () => {
    const sink = new EndingsSink();
    new GroupHandler(sink).bind(() => undefined);
    expect(sink.reasons).toEqual([]);
  });
});

describe('a wrapping handler', () => {
  it('passes close on to the handler it wraps, and names it', async () => {
    for (const make of [
      (inner: TestHandler) => new DedupHandler(inner),
      (inner: TestHandler) => new GroupHandler(inner),
      (inner: TestHandler) => new LimitingHandler(inner, { limit: 1, interval: 1000 }),
    ]) {
      const sink = new EndingsSink({ level: 'error' });
      const wrapper = make(sink);
      await wrapper.close();
      expect(sink.endings).toContain('close');
      expect(String(wrapper)).toBe(
        `${wrapper.constructor.name}(level=NOTSET, inner=EndingsSink(level=ERROR))`,
      );
    }
  });
});
