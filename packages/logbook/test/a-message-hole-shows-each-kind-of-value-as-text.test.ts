// A template hole renders its value as text (docs/logbook.md): strings as they are, numbers, booleans and BigInts
// as their digits and words, a symbol as `Symbol(description)`, not as their JSON (toText() writes undefined as
// `undefined`; in a message, a hole without a value shows as missing, `{name?}`).

import { describe, expect, it } from 'vitest';
import { Logger, TestHandler, toJson, toText } from '../src/index.js';

describe('a message hole', () => {
  it('shows numbers, booleans, BigInts, symbols and undefined as text, not as JSON', () => {
    expect(['a "quoted" text', 1.5, true, false, 12n, Symbol('job'), undefined, null].map(toText)).toEqual([
      'a "quoted" text',
      '1.5',
      'true',
      'false',
      '12',
      'Symbol(job)',
      'undefined',
      'null',
    ]);
  });

  it('shows them so in the rendered message of a record', () => {
    const handler = new TestHandler();
    const setup = handler.pushApplication();
    try {
      new Logger('app').info('{n} {big} {ok} {kind}', {
        n: 1.5,
        big: 12n,
        ok: true,
        kind: Symbol('job'),
      });
    } finally {
      setup.popApplication();
    }
    expect(handler.records[0]!.message).toBe('1.5 12 true Symbol(job)');
  });
});

describe('a long string made only of characters JSON escapes', () => {
  it('is written escaped, as JSON.stringify writes it', () => {
    for (const text of ['"'.repeat(100), '\n'.repeat(81), '\\'.repeat(90), 'é'.repeat(100)])
      expect(toJson({ text })).toBe(JSON.stringify({ text }));
  });
});
