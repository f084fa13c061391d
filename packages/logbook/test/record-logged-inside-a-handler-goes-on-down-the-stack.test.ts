// A handler whose own code logs (a custom handler reporting a slow write, a formatter warning): the new record
// must not come back to the handler that is writing, which recursed until the call stack overflowed.

import { describe, expect, it } from 'vitest';
import { Handler, Logger, TestHandler, type LogRecord } from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('shop');

class ReportsSlowWrites extends Handler {
  readonly seen: string[] = [];
  emit(record: LogRecord): void {
    this.seen.push(record.message);
    log.warning('slow write of {message}', { message: record.message });
  }
}

describe('a record logged while a handler writes', () => {
  it('goes to the handlers below, not back to the writing handler', () => {
    const below = pushForTest(new TestHandler());
    const slow = pushForTest(new ReportsSlowWrites({ bubble: true }));
    log.info('order placed');
    expect(slow.seen).toEqual(['order placed']);
    expect(below.records.map((r) => r.message)).toEqual(['slow write of order placed', 'order placed']);
    log.info('second order');
    expect(slow.seen).toEqual(['order placed', 'second order']); // not busy any more
  });

  it('reaches the handler below even when the writing handler does not bubble', () => {
    const below = pushForTest(new TestHandler());
    const slow = pushForTest(new ReportsSlowWrites());
    log.info('order placed');
    expect(slow.seen).toEqual(['order placed']);
    expect(below.records.map((r) => r.message)).toEqual(['slow write of order placed']);
  });

  it('written as a batch, goes to the handlers below, not back to the writing handler', () => {
    const held = new TestHandler();
    held.bind(() => {
      log.info('one');
      log.info('two');
    });
    const below = pushForTest(new TestHandler());
    const slow = pushForTest(new ReportsSlowWrites({ bubble: true }));
    slow.handleBatch(held.records, 'flush');
    expect(slow.seen).toEqual(['one', 'two']);
    expect(below.records.map((r) => r.message)).toEqual(['slow write of one', 'slow write of two']);
    log.info('after the batch');
    expect(slow.seen.at(-1)).toBe('after the batch'); // not busy any more
  });
});
