// What a hurried user does to the stack: pops twice, pops the wrong one of two alike handlers, pushes a handler
// twice. The error must say which mistake it was; a handler pushed twice must not write every record twice.

import { describe, expect, it } from 'vitest';
import { Logger, Processor, StackOrderError, TestHandler } from '../src/index.js';

const log = new Logger('app');

describe('stack misuse', () => {
  it('popping twice says the handler is not on the stack (it said "the top is TestHandler(level=NOTSET)")', () => {
    const base = new TestHandler().pushApplication();
    const handler = new TestHandler().pushApplication();
    handler.popApplication();
    try {
      expect(() => handler.popApplication()).toThrow(StackOrderError);
      expect(() => handler.popApplication()).toThrow(
        /it is not on it \(popped already, or never pushed there: bind\(\) and pushContext\(\) push to the async context/,
      );
    } finally {
      base.popApplication();
    }
  });

  it('popping out of order between alike handlers names the other as another one, pushed after it', () => {
    const first = new TestHandler().pushApplication();
    const second = new TestHandler().pushApplication();
    try {
      expect(() => first.popApplication()).toThrow(
        'the top is another TestHandler(level=NOTSET), pushed after it. Pop in the reverse order of pushing.',
      );
    } finally {
      second.popApplication();
      first.popApplication();
    }
  });

  it('popping from a context it was never pushed to says so', () => {
    const handler = new TestHandler();
    const other = new TestHandler();
    other.bind(() => {
      expect(() => handler.popContext()).toThrow(/not on it \(popped already, or never pushed/);
    });
  });

  it('a handler or processor pushed twice handles and processes each record once', () => {
    const below = new TestHandler().pushApplication();
    const handler = new TestHandler({ bubble: true });
    let processed = 0;
    const counter = new Processor(() => void processed++);
    for (const item of [handler, counter, handler, counter]) item.pushApplication();
    log.info('once');
    for (const item of [counter, handler, counter, handler, below]) item.popApplication();
    expect(handler.records).toHaveLength(1);
    expect(below.records).toHaveLength(1);
    expect(processed).toBe(1);
  });

  it('a stack error is a StackOrderError by name, as a stack trace shows it', () => {
    const handler = new TestHandler();
    let caught: unknown;
    try {
      handler.popApplication();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StackOrderError);
    expect((caught as Error).name).toBe('StackOrderError');
    expect(String(caught)).toMatch(
      /^StackOrderError: Cannot pop TestHandler\(level=NOTSET\) from the application stack: it is empty\.$/,
    );
  });

  it('popping from a context says whether nothing is pushed there or which one is on top', async () => {
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        const first = new TestHandler({ level: 'info' });
        expect(() => first.popContext()).toThrow('from the context stack: nothing is pushed here.');
        first.pushContext();
        const second = new TestHandler({ level: 'error' }).pushContext();
        expect(() => first.popContext()).toThrow(
          'Cannot pop TestHandler(level=INFO) from the context stack: the top is TestHandler(level=ERROR), pushed after it. Pop in the reverse order of pushing.',
        );
        second.popContext();
        first.popContext();
        resolve();
      }),
    );
  });
});
