// Frozen objects with only plain data are written once and then reused (serialize.ts). A frozen object that
// has its own toJSON() is no such object: it says how it wants to be written, and that is what the record shows,
// every time, as JSON.stringify would write it.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, toJson } from '../src/index.js';

const account = Object.freeze({
  user: 'ann',
  internalNote: 'moved from the old billing system',
  toJSON: () => ({ user: 'ann' }),
});

describe('a frozen object with its own toJSON()', () => {
  it('is written as its toJSON() result, each time', () => {
    expect(toJson(account)).toBe('{"user":"ann"}');
    expect(toJson(account)).toBe('{"user":"ann"}');
    expect(toJson({ account })).toBe(JSON.stringify({ account }));
  });

  it('shows in a record line as its toJSON() result, without the keys it leaves out', () => {
    const formatter = new JsonFormatter({ host: 'h' });
    const line = formatter.format(new LogRecord(Date.UTC(2026, 10, 23), 30, 'app', 'signed in', { account }));
    expect((JSON.parse(line) as { fields: unknown }).fields).toEqual({ account: { user: 'ann' } });
    expect(line).not.toContain('internalNote');
  });
});
