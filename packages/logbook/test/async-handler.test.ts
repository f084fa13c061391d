import { describe, expect, it } from 'vitest';
import { AsyncHandler, Handler, Logger, TestHandler, type LogRecord } from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('app');

class SlowHandler extends Handler {
  readonly seen: string[] = [];
  emit(record: LogRecord): void {
    const until = Date.now() + 2;
    while (Date.now() < until); // a slow network call
    this.seen.push(record.message);
  }
}

describe('AsyncHandler', () => {
  it('returns to the caller at once and hands records to the slow handler on a later turn', async () => {
    const slow = new SlowHandler();
    pushForTest(new AsyncHandler(slow));
    for (let n = 0; n < 20; n++) log.info('order {n}', { n });
    // None of the slow calls ran while the caller logged (a stopwatch here failed on a loaded machine: 58 ms).
    expect(slow.seen).toHaveLength(0);
    // Later turns hand them all on, without a flush.
    for (let turns = 0; slow.seen.length < 20 && turns < 10_000; turns++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(slow.seen).toEqual(Array.from({ length: 20 }, (_, n) => `order ${n}`));
  });

  it('keeps the message as it was at the call, even if the caller changes the fields afterwards', async () => {
    const sink = new TestHandler();
    const handler = pushForTest(new AsyncHandler(sink));
    const fields = { item: 'book' };
    log.info('bought {item}', fields);
    fields.item = 'changed';
    await handler.flush();
    expect(sink.records[0]!.message).toBe('bought book');
  });

  it('bounds its queue: drops past maxQueue, counts, and reports the count in one record', async () => {
    const sink = new TestHandler();
    const handler = pushForTest(new AsyncHandler(sink, { maxQueue: 10 }));
    for (let n = 0; n < 25; n++) log.info('burst {n}', { n });
    expect(handler.queued).toBe(10);
    expect(handler.dropped).toBe(15);
    log.info('x'); // still full
    await handler.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    log.info('after');
    handler.flushSync();
    const messages = sink.records.map((r) => r.message);
    expect(messages.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, n) => `burst ${n}`));
    expect(messages).toContain('Dropped 16 records: the queue of TestHandler(level=NOTSET) was full');
    expect(messages.at(-1)).toBe('after');
  });
});
