// Handlers bound to async contexts (one request, one job) take records in push order, newest first, mixed with the
// application stack; a context's handler levels open the level gate for that context only while it is bound, also
// when one handler is bound around several concurrent jobs and its level changes meanwhile.
// Found by mutation testing: such a handler bound twice, its level lowered, lost the records at the new level in
// the job still running once the other job had ended (the gate was counted for one binding only).

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Logger, stack, TestHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('jobs');
const messages = (handler: TestHandler): string[] => handler.records.map((record) => record.message);

describe('handlers bound to async contexts', () => {
  it('one handler bound around two concurrent jobs follows a level change in both, to the end of each', async () => {
    const shared = new TestHandler({ level: 'error' });
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = shared.bind(async () => {
      await firstMayEnd;
    });
    const second = shared.bind(async () => {
      await sleep(1);
      shared.level = 'debug';
      releaseFirst();
      await first; // the first job has ended; this one goes on
      log.debug('late detail');
    });
    await Promise.all([first, second]);
    expect(messages(shared)).toEqual(['late detail']);
    expect(stack.gate).toBe(Number.MAX_SAFE_INTEGER); // closed again once no job runs
    shared.level = 'trace'; // no longer bound anywhere: opens nothing
    expect(stack.gate).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('closes the gate again when a bound function returns, throws, or its handler is popped', async () => {
    new TestHandler().bind(() => log.info('x'));
    expect(stack.gate).toBe(Number.MAX_SAFE_INTEGER);
    expect(() =>
      new TestHandler().bind(() => {
        throw new Error('job failed');
      }),
    ).toThrow('job failed');
    expect(stack.gate).toBe(Number.MAX_SAFE_INTEGER);
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const own = new TestHandler().pushContext();
        own.popContext();
        resolve();
      }),
    );
    expect(stack.gate).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('a record an inner bound handler does not take reaches an outer one at a lower level', () => {
    const outer = new TestHandler({ level: 'debug' });
    const inner = new TestHandler({ level: 'error' });
    outer.bind(() =>
      inner.bind(() => {
        log.debug('detail');
        log.error('failure');
      }),
    );
    expect(messages(outer)).toEqual(['detail']);
    expect(messages(inner)).toEqual(['failure']);
  });

  it('the newest of nested bound handlers takes the record first', () => {
    const outer = new TestHandler();
    const inner = new TestHandler();
    outer.bind(() => inner.bind(() => log.info('inner first')));
    expect(messages(inner)).toEqual(['inner first']);
    expect(messages(outer)).toEqual([]);
  });

  it('a handler pushed to the context after one pushed to the application takes the record first', async () => {
    const app = pushForTest(new TestHandler());
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const own = new TestHandler().pushContext();
        log.info('to the context handler');
        own.popContext();
        expect(messages(own)).toEqual(['to the context handler']);
        resolve();
      }),
    );
    expect(app.records).toEqual([]);
  });

  it('a bubbling DEBUG handler pushed after a WARNING one gets the debug records', () => {
    pushForTest(new TestHandler({ level: 'warning' }));
    const detail = pushForTest(new TestHandler({ level: 'debug', bubble: true }));
    log.debug('detail');
    expect(messages(detail)).toEqual(['detail']);
  });

  it('a context with no handler of its own is not enabled by a handler bound in another one', async () => {
    const traced = new TestHandler({ level: 'trace' });
    let enabledElsewhere: boolean | undefined;
    let releaseTraced!: () => void;
    const tracedMayEnd = new Promise<void>((resolve) => (releaseTraced = resolve));
    await Promise.all([
      traced.bind(() => tracedMayEnd),
      (async () => {
        await sleep(1);
        enabledElsewhere = log.isEnabledFor('trace');
        log.trace('nobody here takes this');
        releaseTraced();
      })(),
    ]);
    expect(enabledElsewhere).toBe(false);
    expect(traced.records).toEqual([]);
  });

  it('bind() returns what the function returned, whatever it is', async () => {
    const handler = new TestHandler();
    expect(handler.bind(() => null)).toBeNull();
    expect(handler.bind(() => undefined)).toBeUndefined();
    expect(handler.bind(() => 0)).toBe(0);
    expect(handler.bind(() => 'done')).toBe('done');
    expect(handler.bind(() => ({ rows: 2 }))).toEqual({ rows: 2 });
    const thenable = { then: (resolve: (value: number) => void) => resolve(7) };
    expect(await handler.bind(() => thenable)).toBe(7);
  });
});
