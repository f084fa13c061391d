// A filter, a processor or a logger's processor that throws must not cost the application its record or its
// call: the record goes on (a failing filter counts as "not mine"), and the failure is printed once to stderr,
// naming the object and the reason, then only counted. The policy can be made silent process-wide, and a
// handler's own policy wins.

import { afterEach, describe, expect, it } from 'vitest';
import {
  FingersCrossedHandler,
  Handler,
  Logger,
  Processor,
  TestHandler,
  setHandlerErrorPolicy,
  type LogRecord,
} from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('app');

function captureStderr(run: () => void): string[] {
  const original = process.stderr.write.bind(process.stderr);
  const lines: string[] = [];
  process.stderr.write = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  try {
    run();
  } finally {
    process.stderr.write = original;
  }
  return lines;
}

afterEach(() => setHandlerErrorPolicy('print'));

describe('a failure around a handler', () => {
  it('in a filter: the record goes on to the next handler; reported once, then counted', () => {
    const rest = pushForTest(new TestHandler());
    const picky = pushForTest(
      new TestHandler({
        filter: () => {
          throw new Error('filter bug');
        },
      }),
    );
    const stderr = captureStderr(() => {
      log.info('one');
      log.info('two');
    });
    expect(rest.records.map((record) => record.message)).toEqual(['one', 'two']);
    expect(stderr).toEqual([
      'logbook: the filter of TestHandler(level=NOTSET) failed: Error: filter bug. The application goes on; ' +
        'further failures of this object are counted (errorCount), not printed.\n',
    ]);
    expect(picky.errorCount).toBe(2);
  });

  it('in a stack processor: the record is still written, and the processor is named by its label', () => {
    const sink = pushForTest(new TestHandler());
    function addTenant(): void {
      throw new TypeError('no tenant');
    }
    pushForTest(new Processor(addTenant));
    const stderr = captureStderr(() => log.info('kept'));
    expect(sink.records.map((record) => record.message)).toEqual(['kept']);
    expect(stderr.join('')).toContain(
      'logbook: Processor(addTenant) processing a record failed: TypeError: no tenant.',
    );
    expect(String(new Processor(() => undefined))).toBe('Processor(anonymous)');
    expect(String(new Processor(() => undefined, 'tenant'))).toBe('Processor(tenant)');
  });

  it("in a logger's processor: the record is still written, and the logger is named", () => {
    const sink = pushForTest(new TestHandler());
    const billing = new Logger('billing', {
      processor: () => {
        throw new Error('no invoice');
      },
    });
    const stderr = captureStderr(() => billing.info('kept'));
    expect(sink.records.map((record) => record.message)).toEqual(['kept']);
    expect(stderr.join('')).toContain('the processor of Logger(billing) failed: Error: no invoice.');
  });

  it('in a batch: the message says how many records it held', () => {
    class Broken extends Handler {
      emit(_record: LogRecord): void {
        throw new Error('disk on fire');
      }
    }
    const broken = new Broken();
    const stderr = captureStderr(() =>
      new FingersCrossedHandler(broken).bind(() => {
        log.info('a');
        log.error('b');
      }),
    );
    expect(stderr.join('')).toContain('Broken(level=NOTSET) emitting 2 records failed: Error: disk on fire.');
  });

  it('shows a thrown non-error as text, and an error whose message cannot be read as unprintable', () => {
    const stringFilter = new TestHandler({
      filter: () => {
        throw 'just a string'; // eslint-disable-line @typescript-eslint/only-throw-error
      },
    });
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('no');
      },
    });
    const hostileFilter = new TestHandler({
      filter: () => {
        throw hostile;
      },
    });
    pushForTest(new TestHandler());
    pushForTest(stringFilter);
    pushForTest(hostileFilter);
    const stderr = captureStderr(() => log.info('x')).join('');
    expect(stderr).toContain('failed: just a string.');
    expect(stderr).toContain('failed: unprintable error.');
  });

  it("is thrown at the code that logged under the process-wide 'throw' policy (for tests)", () => {
    setHandlerErrorPolicy('throw');
    pushForTest(
      new TestHandler({
        filter: () => {
          throw new Error('filter bug');
        },
      }),
    );
    expect(() => log.info('x')).toThrow('filter bug');
  });

  it("is only counted under the process-wide 'silent' policy; a handler's own policy wins", () => {
    setHandlerErrorPolicy('silent');
    const fails = (): never => {
      throw new Error('filter bug');
    };
    const quiet = new TestHandler({ filter: fails });
    const loud = new TestHandler({ filter: fails, errors: 'print' });
    pushForTest(new TestHandler());
    pushForTest(quiet);
    const silent = captureStderr(() => log.info('x'));
    expect(silent).toEqual([]);
    expect(quiet.errorCount).toBe(1);
    pushForTest(loud);
    expect(captureStderr(() => log.info('y')).join('')).toContain('filter bug');
  });
});
