// Handlers that hold records (DedupHandler's open run, GroupHandler's batch) write what they hold however their
// use ends: popped from a context, flushed, closed; they pass flush and close on to the handler they wrap, which
// an error message names; a run ends on a record of another level or channel.

import { describe, expect, it } from 'vitest';
import {
  DedupHandler,
  GroupHandler,
  LimitingHandler,
  Logger,
  TestHandler,
  type BatchReason,
  type LogRecord,
} from '../src/index.js';

const log = new Logger('app');

/** A TestHandler that says when it was flushed or closed, and why it was given each batch. */
class Sink extends TestHandler {
  readonly endings: string[] = [];
  readonly reasons: BatchReason[] = [];
  override emitBatch(records: readonly LogRecord[], reason: BatchReason): void {
    this.reasons.push(reason);
    super.emitBatch(records, reason);
  }
  override flush(): void {
    this.endings.push('flush');
  }
  override flushSync(): void {
    this.endings.push('flushSync');
  }
  override close(): void {
    this.endings.push('close');
  }
}

const messages = (handler: TestHandler): string[] => handler.records.map((record) => record.message);

describe('DedupHandler', () => {
  it('ends a run on a record of another level or another channel', () => {
    const sink = new TestHandler();
    new DedupHandler(sink).bind(() => {
      log.info('same');
      log.warning('same');
      new Logger('other').warning('same');
      new Logger('other').warning('same');
    });
    expect(messages(sink)).toEqual(['same', 'same', 'same', 'Message repeated 1 times: same']);
  });

  it('ends a run on a record with another message at the same level and channel', () => {
    const sink = new TestHandler();
    new DedupHandler(sink).bind(() => {
      log.info('first');
      log.info('second');
    });
    expect(messages(sink)).toEqual(['first', 'second']);
  });

  it('bound around work, writes the run still open when the work returns, resolves or throws', async () => {
    const returned = new TestHandler();
    new DedupHandler(returned).bind(() => {
      log.info('again');
      log.info('again');
    });
    expect(messages(returned)).toEqual(['again', 'Message repeated 1 times: again']);

    const resolved = new TestHandler();
    await new DedupHandler(resolved).bind(async () => {
      log.info('again');
      await new Promise((resolve) => setImmediate(resolve));
      log.info('again');
    });
    expect(messages(resolved)).toEqual(['again', 'Message repeated 1 times: again']);

    const threw = new TestHandler();
    expect(() =>
      new DedupHandler(threw).bind(() => {
        log.error('retry failed');
        log.error('retry failed');
        throw new Error('gave up');
      }),
    ).toThrow('gave up');
    expect(messages(threw)).toEqual(['retry failed', 'Message repeated 1 times: retry failed']);
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
    expect(messages(popped)).toEqual(['again', 'Message repeated 1 times: again']);

    for (const ending of ['flush', 'flushSync', 'close'] as const) {
      const sink = new Sink();
      const dedup = new DedupHandler(sink);
      dedup.pushApplication();
      log.info('again');
      log.info('again');
      await dedup[ending]();
      expect(messages(sink), ending).toEqual(['again', 'Message repeated 1 times: again']);
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
    expect(messages(sink)).toEqual(['loud', 'Message repeated 1 times: loud']);
  });
});

describe('GroupHandler', () => {
  it('writes what it holds when popped from a context, and when flushed (as a flush batch)', async () => {
    const sink = new Sink();
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const group = new GroupHandler(sink).pushContext();
        log.info('one');
        expect(sink.records).toHaveLength(0);
        group.popContext();
        resolve();
      }),
    );
    expect(messages(sink)).toEqual(['one']);
    expect(sink.reasons).toEqual(['group']);

    for (const ending of ['flush', 'flushSync'] as const) {
      const held = new Sink();
      const group = new GroupHandler(held);
      group.pushApplication();
      log.info('two');
      await group[ending]();
      expect(messages(held), ending).toEqual(['two']);
      expect(held.reasons, ending).toEqual(['flush']);
      expect(held.endings, ending).toEqual([ending]);
      group.popApplication();
      expect(held.records, ending).toHaveLength(1);
    }
  });

  it('writes an async job’s lines when the job resolves, together, and returns its value', async () => {
    const sink = new Sink();
    const result = await new GroupHandler(sink).bind(async () => {
      log.info('start');
      await new Promise((resolve) => setImmediate(resolve));
      expect(sink.records).toHaveLength(0);
      log.info('end');
      return 42;
    });
    expect(result).toBe(42);
    expect(messages(sink)).toEqual(['start', 'end']);
    expect(sink.reasons).toEqual(['group']);
  });

  it('writes nothing to the inner handler for an empty group', () => {
    const sink = new Sink();
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
      const sink = new Sink({ level: 'error' });
      const wrapper = make(sink);
      await wrapper.close();
      expect(sink.endings).toContain('close');
      expect(String(wrapper)).toBe(`${wrapper.constructor.name}(level=NOTSET, inner=Sink(level=ERROR))`);
    }
  });
});
