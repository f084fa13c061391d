// `using scope = processor.contextBound()` (Python Logbook's contextbound()) inside an async function: the
// part before the first await runs in the caller's async context, so AsyncLocalStorage.enterWith also
// changes the caller's. Once the block ends and the object is popped, no context may still see it.

import { describe, expect, it } from 'vitest';
import { Logger, Processor, TestHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('shop');

async function handleRequest(id: string): Promise<void> {
  using _scope = new Processor((record) => record.set('request', { id })).contextBound();
  await new Promise((resolve) => setTimeout(resolve, 1));
  log.info('request {id} done', { id });
}

describe('an object pushed with contextBound() inside an async function', () => {
  it('tags that function’s records and no later record of its caller', async () => {
    const sink = pushForTest(new TestHandler());
    await handleRequest('r-1');
    log.info('between requests');
    await Promise.all([handleRequest('r-2'), handleRequest('r-3')]);
    log.info('after the requests');

    const request = (message: string): unknown =>
      sink.records.find((r) => r.message === message)?.get('request');
    expect(request('request r-1 done')).toEqual({ id: 'r-1' });
    expect(request('between requests')).toBeUndefined(); // was { id: 'r-1' } for every later record
    expect(request('after the requests')).toBeUndefined();
  });

  it('still sees an object pushed earlier in the same context and not yet popped', () => {
    const sink = pushForTest(new TestHandler());
    const outer = new Processor((record) => record.set('tenant', 'acme'));
    const inner = new Processor((record) => record.set('step', 2));
    outer.pushContext();
    inner.pushContext();
    log.info('both');
    inner.popContext();
    log.info('outer only');
    outer.popContext();
    log.info('none');
    expect(sink.records.map((r) => [r.get('tenant'), r.get('step')])).toEqual([
      ['acme', 2],
      ['acme', undefined],
      [undefined, undefined],
    ]);
  });
});
