// In the console and text files a developer reads the error under the line. Node errors often say little at the
// top ("fetch failed") and everything in their cause (ECONNREFUSED); AggregateError members likewise.

import { describe, expect, it } from 'vitest';
import { ConsoleFormatter, Logger, TestHandler, TextFormatter } from '../src/index.js';
import { pushForTest } from './helpers.js';

function logged(error: unknown): { text: string; console: string } {
  const sink = pushForTest(new TestHandler());
  new Logger('checkout').exception(error, 'checkout failed');
  const record = sink.records[0]!;
  return {
    text: new TextFormatter().format(record),
    console: new ConsoleFormatter({ color: false }).format(record),
  };
}

describe('text and console output of an error with causes', () => {
  it('shows every cause, root last, with its stack', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const top = new TypeError('fetch failed', { cause: new Error('pool exhausted', { cause: root }) });
    for (const out of Object.values(logged(top))) {
      const lines = out.split('\n');
      const at = (text: string): number => lines.findIndex((line) => line.includes(text));
      expect(at('TypeError: fetch failed')).toBeGreaterThan(0);
      expect(at('    Caused by: Error: pool exhausted')).toBeGreaterThan(at('TypeError: fetch failed'));
      expect(at('    Caused by: Error: connect ECONNREFUSED 127.0.0.1:5432')).toBeGreaterThan(
        at('Caused by: Error: pool exhausted'),
      );
      expect(lines[at('ECONNREFUSED 127.0.0.1') + 1]).toMatch(/^ {4}at /); // the root cause's own stack
    }
  });

  it('shows each AggregateError member, and a cause that has no stack by name and message', () => {
    const noStack = { name: 'Timeout', message: 'no answer in 5 s' };
    const aggregate = new AggregateError(
      [new Error('mirror a down'), Object.assign(new Error('mirror b down'), { stack: undefined })],
      'all mirrors failed',
      { cause: noStack },
    );
    const { text } = logged(aggregate);
    expect(text).toContain('\n    [1 of 2] Error: mirror a down\n    at ');
    expect(text).toContain('\n    [2 of 2] Error: mirror b down');
    expect(text).toContain('\n    Caused by: NonError: {"name":"Timeout","message":"no answer in 5 s"}');
  });

  it('shows a cause that has neither stack nor message by its name alone', () => {
    const aborted = Object.assign(new Error(''), { name: 'AbortError', stack: undefined });
    for (const out of Object.values(logged(new Error('upload failed', { cause: aborted })))) {
      expect(out).toMatch(/\n {4}Caused by: AbortError\n$/);
    }
  });

  it('counts all members of a large AggregateError and ends with the ones the record left out', () => {
    const members = Array.from({ length: 62 }, (_, i) => new Error(`row ${i} failed`));
    for (const out of Object.values(logged(new AggregateError(members, 'import failed')))) {
      expect(out).toContain('\n    [1 of 62] Error: row 0 failed\n');
      expect(out).toContain('\n    [50 of 62] Error: row 49 failed\n');
      expect(out).toContain('\n    [51-62 of 62] 12 more not written');
      expect(out).not.toContain('row 50 failed');
    }
  });

  it('indents every line of a cause, so a newline in its message cannot forge a line', () => {
    const { text } = logged(new Error('outer', { cause: new Error('inner\n[2026-01-01] CRITICAL: forged') }));
    const [, ...continuation] = text.trimEnd().split('\n');
    expect(continuation.some((line) => line.includes('Caused by: Error: inner'))).toBe(true);
    expect(continuation.every((line) => line.startsWith('    '))).toBe(true);
  });
});
