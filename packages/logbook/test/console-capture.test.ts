import { describe, expect, it } from 'vitest';
import { Logger, TestHandler, captureConsole, captureWarnings } from '../src/index.js';
import { pushForTest } from './helpers.js';

describe('captureConsole', () => {
  it('turns console calls into records with levels, and restores the console', () => {
    const sink = pushForTest(new TestHandler());
    const original = console.warn;
    const restore = captureConsole();
    try {
      console.log('user %s has %d items', 'ann', 3);
      console.warn('disk at', { percent: 91 });
      console.error(new Error('bad'));
    } finally {
      restore();
    }
    expect(console.warn).toBe(original);
    expect(sink.records.map((r) => [r.channel, r.levelName, r.message.split('\n')[0]])).toEqual([
      ['console', 'INFO', 'user ann has 3 items'],
      ['console', 'WARNING', 'disk at { percent: 91 }'],
      ['console', 'ERROR', 'Error: bad'],
    ]);
  });
});

describe('two captures restored out of order', () => {
  it('leave the console as it was: nothing captured, everything printed where it went before', () => {
    const printed: string[] = [];
    const before = console.log;
    console.log = (...args: unknown[]): void => void printed.push(args.join(' '));
    try {
      const sink = pushForTest(new TestHandler());
      const first = captureConsole();
      const second = captureConsole();
      first(); // the first taken off first, while the second is still on top of it
      second();
      console.log('after both');
      expect(sink.records).toEqual([]);
      expect(printed).toEqual(['after both']);
    } finally {
      console.log = before;
    }
  });

  it('leave process warnings as they were', () => {
    const emitted: string[] = [];
    const before = process.emitWarning;
    process.emitWarning = (warning: string | Error): void => void emitted.push(String(warning));
    try {
      const sink = pushForTest(new TestHandler());
      const first = captureWarnings();
      const second = captureWarnings();
      first();
      second();
      process.emitWarning('after both');
      expect(sink.records).toEqual([]);
      expect(emitted).toEqual(['after both']);
    } finally {
      process.emitWarning = before;
    }
  });
});

describe('captureWarnings', () => {
  it('logs process warnings at WARNING with their type and code, and restores emitWarning', () => {
    const sink = pushForTest(new TestHandler());
    const restore = captureWarnings({ logger: new Logger('node') });
    try {
      process.emitWarning('old API', { type: 'DeprecationWarning', code: 'DEP0999' });
      process.emitWarning(new Error('listener leak'));
    } finally {
      restore();
    }
    expect(
      sink.records.map((r) => [r.channel, r.levelName, r.message, (r.fields as { code?: string }).code]),
    ).toEqual([
      ['node', 'WARNING', 'DeprecationWarning: old API', 'DEP0999'],
      ['node', 'WARNING', 'Error: listener leak', undefined],
    ]);
  });
});
