import { describe, expect, it } from 'vitest';
import {
  DedupHandler,
  FingersCrossedHandler,
  GroupHandler,
  LimitingHandler,
  Logger,
  StreamHandler,
  TestHandler,
  setHandlerErrorPolicy,
  type LogRecord,
  Handler,
} from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

const log = new Logger('app');

describe('FingersCrossedHandler', () => {
  const request = (fail: boolean, sink: TestHandler): void => {
    const trail = new FingersCrossedHandler(sink);
    trail.bind(() => {
      log.debug('parsing body');
      log.info('loading course {slug}', { slug: 'ts-101' });
      if (fail) log.error('receipt failed');
      log.info('after the error');
    });
  };

  it('emits nothing for a clean request', () => {
    const sink = new TestHandler();
    request(false, sink);
    expect(sink.records).toHaveLength(0);
  });

  it('emits the whole trail, at every level, for a request that errors, then passes through', () => {
    const sink = new TestHandler();
    const batches: string[] = [];
    const original = sink.emitBatch.bind(sink);
    sink.emitBatch = (records, reason) => {
      batches.push(`${reason}:${records.length}`);
      original(records, reason);
    };
    request(true, sink);
    expect(sink.records.map((r) => r.message)).toEqual([
      'parsing body',
      'loading course ts-101',
      'receipt failed',
      'after the error',
    ]);
    expect(batches).toEqual(['escalation:3']);
  });

  it('keeps a bounded ring buffer and counts what fell out', () => {
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(sink, { bufferSize: 3 });
    trail.bind(() => {
      for (let i = 0; i < 10; i++) log.info('step {i}', { i });
      log.error('boom');
    });
    expect(sink.records.map((r) => r.message)).toEqual(['step 8', 'step 9', 'boom']);
    expect(trail.dropped).toBe(8);
  });

  it('creates the inner handler from a factory only when needed, and can reset', () => {
    let created = 0;
    const sink = new TestHandler();
    const trail = new FingersCrossedHandler(
      () => {
        created++;
        return sink;
      },
      { reset: true, actionLevel: 'warning' },
    );
    trail.bind(() => {
      log.info('a');
      expect(created).toBe(0);
      log.warning('w1');
      log.info('b');
      log.info('c');
      log.warning('w2');
    });
    expect(created).toBe(1);
    expect(sink.records.map((r) => r.message)).toEqual(['a', 'w1', 'b', 'c', 'w2']);
    expect(trail.triggered).toBe(false);
  });
});

describe('GroupHandler', () => {
  it('holds records until popped and emits them as one batch', () => {
    const sink = new TestHandler();
    let batches = 0;
    const original = sink.emitBatch.bind(sink);
    sink.emitBatch = (records, reason) => {
      batches++;
      original(records, reason);
    };
    const group = new GroupHandler(sink).pushApplication();
    log.info('one');
    log.info('two');
    expect(sink.records).toHaveLength(0);
    group.popApplication();
    expect(sink.records.map((r) => r.message)).toEqual(['one', 'two']);
    expect(batches).toBe(1);
  });
});

describe('DedupHandler', () => {
  it('collapses a run of identical messages into "message repeated N times"', () => {
    const sink = new TestHandler();
    const dedup = new DedupHandler(sink).pushApplication();
    for (let i = 0; i < 5; i++) log.warning('disk almost full');
    log.info('other');
    log.info('other');
    dedup.popApplication();
    expect(sink.records.map((r) => r.message)).toEqual([
      'disk almost full',
      'Message repeated 4 times: disk almost full',
      'other',
      'Message repeated 1 times: other',
    ]);
    expect(sink.records[1]!.event).toBe('log.repeated');
  });
});

describe('LimitingHandler', () => {
  it('lets N records per key per interval through and summarises the rest', () => {
    let now = 0;
    const sink = new TestHandler();
    const limiter = new LimitingHandler(sink, { limit: 2, interval: 1000, clock: () => now });
    pushForTest(limiter);
    for (let i = 0; i < 10; i++) log.warning('retrying {n}', { n: i });
    log.info('different template');
    expect(sink.records.map((r) => r.message)).toEqual(['retrying 0', 'retrying 1', 'different template']);
    now = 1500;
    log.warning('retrying {n}', { n: 99 });
    expect(sink.records.map((r) => r.message).slice(3)).toEqual([
      'Suppressed 8 records like "retrying {n}" (limit 2 per 1 s)',
      'retrying 99',
    ]);
    expect(sink.records[3]!.event).toBe('log.suppressed');
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() => new LimitingHandler(new TestHandler(), { limit: 0, interval: 1000 })).toThrow(
      /whole number ≥ 1/,
    );
  });
});

describe('handler failures', () => {
  class Broken extends Handler {
    emit(_record: LogRecord): void {
      throw new Error('disk on fire');
    }
  }

  it('never reach the caller; reported once to stderr and counted', () => {
    const broken = pushForTest(new Broken());
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string) => (writes.push(chunk), true);
    try {
      expect(() => {
        log.error('one');
        log.error('two');
      }).not.toThrow();
    } finally {
      process.stderr.write = original;
    }
    expect(broken.errorCount).toBe(2);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/Broken\(level=NOTSET\) emitting a record failed: Error: disk on fire/);
  });

  it("can be made to throw (policy 'throw') for tests", () => {
    pushForTest(new Broken({ errors: 'throw' }));
    expect(() => log.error('x')).toThrow('disk on fire');
  });

  it('rejects an unknown policy with the allowed values', () => {
    expect(() => setHandlerErrorPolicy('loud' as 'print')).toThrow(/'print', 'silent' or 'throw'/);
  });
});

describe('StreamHandler', () => {
  it('writes a fingers-crossed trail as one write', () => {
    const stream = new MemoryStream();
    const trail = new FingersCrossedHandler(new StreamHandler(stream));
    trail.bind(() => {
      log.info('a');
      log.error('b');
    });
    expect(stream.chunks).toHaveLength(1);
    expect(stream.lines).toHaveLength(2);
  });
});
