// Found by serialized-values-parse-back-as-documented.test.ts: {"id":{"toJSON":() => undefined}} was written
// {"id":null}, where JSON.stringify leaves the key out; a record's top-level key became `"trace":null`, which
// the schema refuses ("keys that are absent are omitted, never written as null").

import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, toJson } from '../src/index.js';
import { assertValidRecord } from './helpers.js';

const nothing = { toJSON: (): undefined => undefined };

describe('a value whose toJSON() gives undefined', () => {
  it('is left out of an object and is null in an array, as JSON.stringify does', () => {
    expect(toJson({ id: nothing, kept: 1 })).toBe('{"kept":1}');
    expect(toJson({ a: { b: { id: nothing } } })).toBe(JSON.stringify({ a: { b: { id: nothing } } }));
    expect(toJson([nothing, 1])).toBe('[null,1]');
    expect(toJson(new Map([['id', nothing]]))).toBe('{}');
  });

  it('is no key of the record line', () => {
    const record = new LogRecord(Date.UTC(2026, 10, 22), 30, 'app', 'hello', { user: 'ann' });
    record.set('trace', nothing);
    record.set('tenant', nothing);
    const line = assertValidRecord(new JsonFormatter({ host: 'h' }).format(record));
    expect(Object.keys(line)).not.toContain('trace');
    expect(line['context']).toEqual({});
    expect(line['fields']).toEqual({ user: 'ann' });
  });
});
