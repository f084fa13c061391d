// AsyncHandler's promises beyond "later, not now": each record is written as the call made it (fields the caller
// changes afterwards, of any plain kind, while an object with its own toJSON is written by it), the queue is handed
// over batchSize records per turn of the event loop until it is empty, also when logging goes on after a turn,
// the inner handler keeps its level, bubbling and filter, and what was dropped is one WARNING on channel logbook.
// Stryker on handlers/async.ts found none of these checked (35 survivors, 10 changes no test ran).
import { describe, expect, it } from 'vitest';
import {
  AsyncHandler,
  GroupHandler,
  JsonFormatter,
  Level,
  Logger,
  StreamHandler,
  TestHandler,
  type LogRecord,
} from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

const log = new Logger('app');
const aTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The `fields` of each JSON line written to `stream`. */
const fieldsIn = (stream: MemoryStream): unknown[] =>
  stream.lines.map((line) => (JSON.parse(line) as { fields?: unknown }).fields);

function jsonLines(): { stream: MemoryStream; inner: StreamHandler } {
  const stream = new MemoryStream();
  return { stream, inner: new StreamHandler(stream, { formatter: new JsonFormatter() }) };
}

class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
  toJSON(): string {
    return `${(this.cents / 100).toFixed(2)} ${this.currency}`;
  }
}

describe('AsyncHandler', () => {
  it('writes the fields as they were at the call, whatever the caller changes after it', async () => {
    const { stream, inner } = jsonLines();
    const handler = pushForTest(new AsyncHandler(inner));
    const order = { item: 'book', count: 1 };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { item: 'pen' });
    const positional: unknown[] = ['lamp', 2];
    log.info('bought {item}', order);
    log.info('bought {item}', bare);
    log.info('bought {0} x{1}', positional);
    order.item = 'changed';
    order.count = 9;
    bare.item = 'changed';
    positional[0] = 'changed';
    await handler.flush();
    expect(fieldsIn(stream)).toEqual([{ item: 'book', count: 1 }, { item: 'pen' }, { 0: 'lamp', 1: 2 }]);
  });

  it('writes fields that are an object of a class as that object writes itself (its toJSON)', async () => {
    const { stream, inner } = jsonLines();
    const handler = pushForTest(new AsyncHandler(inner));
    log.info('paid', new Money(1250, 'EUR') as unknown as Record<string, unknown>);
    await handler.flush();
    expect(fieldsIn(stream)).toEqual(['12.50 EUR']);
  });

  it('hands over batchSize records per turn of the event loop, in order, each once, until the queue is empty', async () => {
    const sink = new TestHandler();
    pushForTest(new AsyncHandler(sink, { batchSize: 1000 }));
    for (let n = 0; n < 2500; n++) log.info('row {n}', { n });
    const delivered: number[] = [];
    for (let turn = 0; turn < 4; turn++) {
      await aTurn();
      delivered.push(sink.records.length);
    }
    expect(delivered).toEqual([1000, 2000, 2500, 2500]);
    expect(sink.records.map((record) => (record.fields as { n: number }).n)).toEqual(
      Array.from({ length: 2500 }, (_, n) => n),
    );
  });

  it('hands over records logged after a turn on a later turn, without a flush', async () => {
    const sink = new TestHandler();
    pushForTest(new AsyncHandler(sink));
    log.info('first');
    await aTurn();
    log.info('second');
    await aTurn();
    expect(sink.records.map((record) => record.message)).toEqual(['first', 'second']);
  });

  it('takes one record per turn with batchSize 1, and holds at most one with maxQueue 1', async () => {
    const sink = new TestHandler();
    const handler = pushForTest(new AsyncHandler(sink, { batchSize: 1, maxQueue: 1 }));
    log.info('kept');
    log.info('dropped');
    expect([handler.queued, handler.dropped]).toEqual([1, 1]);
    await aTurn();
    expect(sink.records.map((record) => record.message)).toEqual(['kept']);
  });

  it('reports dropped records as one WARNING on channel logbook with event logbook.dropped', async () => {
    const sink = new TestHandler();
    const handler = pushForTest(new AsyncHandler(sink, { maxQueue: 2 }));
    for (let n = 0; n < 5; n++) log.info('burst {n}', { n });
    await handler.flush();
    const summary = sink.records.at(-1)!;
    expect([summary.level, summary.channel, summary.event, summary.message]).toEqual([
      Level.WARNING,
      'logbook',
      'logbook.dropped',
      `Dropped 3 records: the queue of ${String(sink)} was full`,
    ]);
    expect(summary.fields).toEqual({ count: 3, handler: String(sink) });
  });

  it('takes the inner handler’s level and bubbling, and the inner handler’s filter still decides', async () => {
    const below = pushForTest(new TestHandler());
    const payments = new TestHandler({
      level: Level.WARNING,
      filter: (record: LogRecord) => record.channel === 'payments',
    });
    const handler = pushForTest(new AsyncHandler(payments));
    expect([handler.level, handler.bubble]).toEqual([Level.WARNING, false]);
    log.info('app info'); // below the level: goes on to the handler below
    new Logger('payments').error('card declined');
    log.error('app error'); // taken (no bubbling), but the inner filter keeps it out
    await handler.flush();
    expect(payments.records.map((record) => record.message)).toEqual(['card declined']);
    expect(below.records.map((record) => record.message)).toEqual(['app info']);
  });

  it('queues a batch handed to it (by a GroupHandler around it) and hands it over on a later turn', async () => {
    const sink = new TestHandler();
    const group = new GroupHandler(new AsyncHandler(sink));
    group.bind(() => {
      log.info('one');
      log.info('two');
    });
    expect(sink.records).toHaveLength(0);
    await aTurn();
    expect(sink.records.map((record) => record.message)).toEqual(['one', 'two']);
  });

  it('says it is closed once closed', async () => {
    const handler = new AsyncHandler(new TestHandler());
    expect(handler.isClosed).toBe(false);
    await handler.close();
    expect(handler.isClosed).toBe(true);
  });
});
