// The settings and endings of a FingersCrossedHandler a user relies on: ERROR releases by default (WARNING does
// not), 1000 records are kept by default, `buffered` is the trail oldest first, discard() and close() drop the
// trail unwritten, flush and close reach the inner handler, and a buffer size it cannot use is refused.

import { describe, expect, it } from 'vitest';
import { FingersCrossedHandler, Handler, Logger, TestHandler, type LogRecord } from '../src/index.js';
import { EndingsSink, messagesOf } from './helpers.js';

const log = new Logger('request');

describe('FingersCrossedHandler', () => {
  it('is released by an ERROR by default, not by a WARNING', () => {
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(sink);
    trail.bind(() => {
      log.warning('slow');
      expect(sink.records).toHaveLength(0);
      expect(trail.triggered).toBe(false);
      log.error('failed');
    });
    expect(messagesOf(sink)).toEqual(['slow', 'failed']);
    expect(trail.triggered).toBe(true);
  });

  it('is released by a record at the action level exactly', () => {
    const sink = new TestHandler();
    new FingersCrossedHandler(sink, { actionLevel: 'warning' }).bind(() => {
      log.info('step');
      log.warning('slow');
    });
    expect(messagesOf(sink)).toEqual(['step', 'slow']);
  });

  it('keeps the last 1000 records by default', () => {
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(sink);
    expect(trail.bufferSize).toBe(1000);
    trail.bind(() => {
      for (let i = 0; i < 1001; i++) log.info('step {i}', { i });
      expect(trail.buffered).toHaveLength(1000);
      log.error('failed');
    });
    expect(trail.dropped).toBe(2);
    expect(sink.records[0]!.message).toBe('step 2');
    expect(sink.records).toHaveLength(1000);
  });

  it('shows the held trail oldest first, also once the ring buffer has wrapped', () => {
    const trail = new FingersCrossedHandler(new TestHandler(), { bufferSize: 3 });
    trail.bind(() => {
      for (const step of ['a', 'b']) log.info(step);
      expect(trail.buffered.map((record) => record.message)).toEqual(['a', 'b']);
      for (const step of ['c', 'd', 'e']) log.info(step);
      expect(trail.buffered.map((record) => record.message)).toEqual(['c', 'd', 'e']);
      log.info('f');
      expect(trail.buffered.map((record) => record.message)).toEqual(['d', 'e', 'f']);
    });
  });

  it('after discard() writes nothing of the trail held before it, and buffers again', () => {
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(sink, { bufferSize: 2 });
    trail.bind(() => {
      log.info('old 1');
      log.info('old 2');
      log.info('old 3');
      trail.discard();
      expect(trail.buffered).toEqual([]);
      log.info('new');
      log.error('failed');
    });
    expect(messagesOf(sink)).toEqual(['new', 'failed']);
  });

  it('after a release and discard(), holds records again instead of passing them through', () => {
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(sink);
    trail.bind(() => {
      log.error('first failure');
      trail.discard();
      expect(trail.triggered).toBe(false);
      log.info('held');
    });
    expect(messagesOf(sink)).toEqual(['first failure']);
  });

  it('release() by hand writes the trail now, as one batch, and then passes records through', () => {
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(sink);
    trail.bind(() => {
      log.info('a');
      log.info('b');
      trail.release();
      expect(messagesOf(sink)).toEqual(['a', 'b']);
      log.info('c');
    });
    expect(messagesOf(sink)).toEqual(['a', 'b', 'c']);
  });

  it('close() drops the trail unwritten and closes the inner handler; flush reaches it', async () => {
    const sink = new EndingsSink();
    const trail = new FingersCrossedHandler(sink);
    trail.bind(() => log.info('held'));
    await trail.flush();
    trail.flushSync();
    await trail.close();
    expect(sink.endings).toEqual(['flush', 'flushSync', 'close']);
    expect(trail.buffered).toEqual([]);
    expect(sink.records).toHaveLength(0);
  });

  it('with a factory, makes no inner handler to flush or close before the first release', async () => {
    let made = 0;
    const trail = new FingersCrossedHandler(() => (made++, new EndingsSink()));
    trail.bind(() => log.info('held'));
    await trail.flush();
    trail.flushSync();
    await trail.close();
    expect(made).toBe(0);
    expect(trail.inner).toBeUndefined();
  });

  it('with a handler given, has it as its inner handler from the start', () => {
    const sink = new TestHandler();
    expect(new FingersCrossedHandler(sink).inner).toBe(sink);
  });

  it('after the release, gives the inner handler only the later records at its level', () => {
    const sink = new TestHandler({ level: 'warning' });
    new FingersCrossedHandler(sink).bind(() => {
      log.info('before');
      log.error('failed');
      log.info('quiet after');
      log.warning('loud after');
    });
    expect(messagesOf(sink)).toEqual(['failed', 'loud after']);
  });

  it('refuses a buffer size that is not a whole number of at least 1', () => {
    for (const bufferSize of [0, -1, 2.5, Number.NaN]) {
      expect(() => new FingersCrossedHandler(new TestHandler(), { bufferSize })).toThrow(
        `FingersCrossedHandler bufferSize must be a whole number ≥ 1, got ${bufferSize}.`,
      );
    }
    expect(new FingersCrossedHandler(new TestHandler(), { bufferSize: 1 }).bufferSize).toBe(1);
  });

  it('a failing inner handler is reported, not thrown at the code that logged', () => {
    class Broken extends Handler {
      emit(_record: LogRecord): void {
        throw new Error('sink down');
      }
    }
    const broken = new Broken({ errors: 'silent' });
    const trail = new FingersCrossedHandler(broken);
    expect(() => trail.bind(() => log.error('failed'))).not.toThrow();
    expect(broken.errorCount).toBe(1);
  });
});
