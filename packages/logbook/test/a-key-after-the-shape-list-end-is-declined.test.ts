// Found by shape-json-writer-agrees-with-the-general-serialiser.test.ts: an object holding the list's last key
// and then a key the list does not have was written as broken JSON: shapeJsonWriter(['status'])({ status: 0,
// id: 0 }) gave '{"status":0undefined0}' (and a JsonFormatter line with it did not parse) instead of declining.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, shapeJsonWriter, toJson } from '../src/index.js';

describe('shapeJsonWriter', () => {
  it('declines a key that comes after the last key of its list', () => {
    expect(shapeJsonWriter(['status'])({ status: 0, id: 0 })).toBeUndefined();
    expect(shapeJsonWriter(['id', 'path'])({ id: 'r-1', path: '/a', ua: 'curl' })).toBeUndefined();
  });

  it('leaves such a value to the general serialiser in a record line, which parses', () => {
    const write = shapeJsonWriter(['id', 'method', 'path']);
    const record = new LogRecord(0, 30, 'http', 'GET {path}', { path: '/a' });
    record.set('request', { id: 'r-1', method: 'GET', path: '/a', aborted: true });
    record.jsonWriter = (value) => write(value);
    const line = JSON.parse(new JsonFormatter({ host: 'h' }).format(record)) as { request: unknown };
    expect(line.request).toEqual(JSON.parse(toJson({ id: 'r-1', method: 'GET', path: '/a', aborted: true })));
  });
});
