import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  Logger,
  NestedSetup,
  NullHandler,
  Processor,
  StackOrderError,
  TestHandler,
  stack,
} from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('app');

describe('bubbling and blackholes', () => {
  it('nested DEBUG, INFO and WARNING handlers each receive exactly their records', () => {
    // Pushed outermost first; each takes its levels and does not bubble, so lower levels fall through.
    const debug = pushForTest(new TestHandler({ level: 'debug' }));
    const info = pushForTest(new TestHandler({ level: 'info' }));
    const warning = pushForTest(new TestHandler({ level: 'warning' }));
    log.debug('d');
    log.info('i');
    log.warning('w');
    log.error('e');
    log.trace('t');
    expect(warning.records.map((r) => r.message)).toEqual(['w', 'e']);
    expect(info.records.map((r) => r.message)).toEqual(['i']);
    expect(debug.records.map((r) => r.message)).toEqual(['d']);
  });

  it('a bubbling handler passes records on to the next', () => {
    const below = pushForTest(new TestHandler());
    const above = pushForTest(new TestHandler({ bubble: true }));
    log.info('both');
    expect(above.records).toHaveLength(1);
    expect(below.records).toHaveLength(1);
  });

  it('a NullHandler stops records from reaching handlers pushed before it', () => {
    const outer = pushForTest(new TestHandler());
    pushForTest(new NullHandler());
    const inner = pushForTest(new TestHandler({ level: 'error' }));
    log.info('swallowed');
    log.error('kept');
    expect(outer.records).toHaveLength(0);
    expect(inner.records.map((r) => r.message)).toEqual(['kept']);
  });

  it('a blackhole does not lower the level gate: calls below everything else build nothing', () => {
    pushForTest(new NullHandler());
    pushForTest(new TestHandler({ level: 'error' }));
    expect(stack.current().minLevel).toBeGreaterThan(30);
  });

  it('a filter lets a record it rejects fall through to the next handler', () => {
    const rest = pushForTest(new TestHandler());
    const audit = pushForTest(new TestHandler({ filter: (r) => r.channel === 'audit' }));
    new Logger('audit').info('a');
    log.info('b');
    expect(audit.records.map((r) => r.message)).toEqual(['a']);
    expect(rest.records.map((r) => r.message)).toEqual(['b']);
  });
});

describe('push and pop', () => {
  it('popping out of order is an error that names both objects', () => {
    const first = new TestHandler({ level: 'info' }).pushApplication();
    const second = new TestHandler({ level: 'error' }).pushApplication();
    try {
      expect(() => first.popApplication()).toThrow(StackOrderError);
      expect(() => first.popApplication()).toThrow(
        /TestHandler\(level=INFO\).*top is TestHandler\(level=ERROR\)/,
      );
    } finally {
      second.popApplication();
      first.popApplication();
    }
  });

  it('a NestedSetup pushes and pops its handlers and processors as one', () => {
    const handler = new TestHandler();
    const setup = new NestedSetup([handler, new Processor((r) => r.set('deploy', 'blue'))]);
    setup.pushApplication();
    log.info('inside');
    setup.popApplication();
    log.info('outside');
    expect(handler.records.map((r) => r.message)).toEqual(['inside']);
    expect(handler.records[0]!.get('deploy')).toBe('blue');
  });

  it('supports `using` for a scoped push', () => {
    const handler = new TestHandler();
    {
      using _scope = handler.applicationBound();
      log.info('scoped');
    }
    log.info('after');
    expect(handler.records.map((r) => r.message)).toEqual(['scoped']);
  });

  it('processors run once per record, newest first, before filters', () => {
    const order: string[] = [];
    const handler = pushForTest(
      new TestHandler({
        filter: (r) => {
          order.push('filter');
          return r.get('tenant') === 't1';
        },
      }),
    );
    pushForTest(new Processor(() => order.push('old')));
    pushForTest(new Processor((r) => (order.push('new'), r.set('tenant', 't1'))));
    log.info('x');
    expect(order).toEqual(['new', 'old', 'filter']);
    expect(handler.records).toHaveLength(1);
  });
});

describe('async contexts', () => {
  it('two concurrent requests with their own handler and processor never see each other', async () => {
    const app = pushForTest(new TestHandler({ level: 'warning' }));
    const handle = async (id: string, steps: number): Promise<TestHandler> => {
      const own = new TestHandler({ level: 'debug' });
      const tag = new Processor((record) => record.set('request', { id }));
      await tag.bind(() =>
        own.bind(async () => {
          for (let i = 0; i < steps; i++) {
            log.debug('step {i} of {id}', { i, id });
            await sleep(1);
          }
        }),
      );
      return own;
    };
    const [a, b] = await Promise.all([handle('a', 5), handle('b', 7)]);
    expect(a.records).toHaveLength(5);
    expect(b.records).toHaveLength(7);
    expect(
      a.records.every((r) => (r.get('request') as { id: string }).id === 'a' && r.message.endsWith('of a')),
    ).toBe(true);
    expect(
      b.records.every((r) => (r.get('request') as { id: string }).id === 'b' && r.message.endsWith('of b')),
    ).toBe(true);
    expect(app.records).toHaveLength(0);
  });

  it('merges context and application stacks by push order: the newest push wins', () => {
    const contextHandler = new TestHandler();
    contextHandler.bind(() => {
      const appHandler = new TestHandler();
      appHandler.pushApplication(); // pushed after the context handler: visited first
      try {
        log.info('who gets it');
      } finally {
        appHandler.popApplication();
      }
      expect(appHandler.records).toHaveLength(1);
      expect(contextHandler.records).toHaveLength(0);
    });
    const appFirst = pushForTest(new TestHandler());
    contextHandler.bind(() => log.info('context pushed later'));
    expect(contextHandler.records).toHaveLength(1);
    expect(appFirst.records).toHaveLength(0);
  });

  it('context handlers are gone once the bound function has finished', async () => {
    const own = new TestHandler();
    await own.bind(async () => {
      await sleep(1);
      log.info('inside');
    });
    log.info('outside');
    expect(own.records.map((r) => r.message)).toEqual(['inside']);
    expect(stack.gate).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('pushContext/popContext work within one async flow', async () => {
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        const own = new TestHandler();
        own.pushContext();
        log.info('in');
        own.popContext();
        log.info('out');
        expect(own.records.map((r) => r.message)).toEqual(['in']);
        resolve();
      });
    });
  });
});
