import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, Level, shapeJsonWriter, toJson } from '../src/index.js';
import { seededRandom } from './helpers.js';

const KEYS = ['id', 'method', 'path', 'status', 'duration_ms', 'ip', 'ua', 'auth_required'];
const write = shapeJsonWriter(KEYS);

const STRINGS = [
  'GET',
  '/hello',
  '',
  'a b',
  'x'.repeat(90),
  'quote " inside',
  'back\\slash',
  'tab\there',
  'caf\u00e9',
  '\u2192',
];
const NUMBERS = [0, 200, -1, 0.12, 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY];

describe('shapeJsonWriter', () => {
  it('writes random flat objects of its keys exactly as toJson does, or declines them', () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let written = 0;
    for (let n = 0; n < 3000; n++) {
      const value: Record<string, unknown> = {};
      for (const key of KEYS) {
        const r = random();
        if (r < 0.2) continue;
        value[key] =
          r < 0.55 ? pick(STRINGS) : r < 0.85 ? pick(NUMBERS) : r < 0.95 ? random() < 0.5 : undefined;
      }
      const json = write(value);
      if (json !== undefined) {
        written++;
        expect(json).toBe(toJson(value));
      }
    }
    expect(written).toBeGreaterThan(100); // the fast path is taken, not declined every time
  });

  it('declines what only the general writer handles', () => {
    expect(write({ id: 'a', method: 'GET' })).toBe('{"id":"a","method":"GET"}');
    expect(write({ method: 'GET', id: 'a' })).toBeUndefined(); // out of order
    expect(write({ id: 'a', extra: 1 })).toBeUndefined(); // unknown key
    expect(write({ id: 'a', status: { code: 200 } })).toBeUndefined(); // nested
    expect(write({ id: 'caf\u00e9' })).toBeUndefined(); // needs converting for files
    expect(write({ id: 'a"b' })).toBeUndefined(); // needs escaping
    expect(write({ status: Number.NaN })).toBeUndefined();
    expect(write({ status: null })).toBeUndefined();
    expect(write(Object.assign(Object.create(null) as object, { id: 'a' }))).toBeUndefined();
    expect(write(Object.assign(new Error('boom'), { id: 'a' }))).toBeUndefined();
    const throwing = {
      id: 'a',
      get method(): string {
        throw new Error('no');
      },
    };
    expect(write(throwing)).toBeUndefined();
    const inheriting = Object.assign(Object.create({ ip: 'inherited' }) as object, { id: 'a' });
    expect(write(inheriting)).toBeUndefined();
    expect(toJson(inheriting)).toBe('{"id":"a"}');
    // Someone added an enumerable key to Object.prototype: for-in lists it, toJson skips it.
    (Object.prototype as Record<string, unknown>).ua = 'polluted';
    try {
      expect(write({ id: 'a' })).toBeUndefined();
      expect(toJson({ id: 'a' })).toBe('{"id":"a"}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).ua;
    }
    expect(write({})).toBe('{}');
  });

  it('refuses keys it could not write without escaping', () => {
    expect(() => shapeJsonWriter(['ok', 'bad"key'])).toThrow(/printable ASCII/);
  });

  it('is used by JsonFormatter for the values a record says it recognises, and gives the same line', () => {
    const formatter = new JsonFormatter({ host: 'h' });
    const make = (): LogRecord => {
      const record = new LogRecord(Date.UTC(2026, 10, 21), Level.INFO, 'http', '{method} {path}', {
        method: 'GET',
        path: '/a',
      });
      record.context = { request: { id: 'r-1', method: 'GET', path: '/a', status: 200 }, trace: 'abc' };
      return record;
    };
    const plain = formatter.format(make());
    const seen: string[] = [];
    const record = make();
    record.jsonWriter = (value, key) => {
      seen.push(key);
      return key === 'trace' ? undefined : write(value);
    };
    expect(formatter.format(record)).toBe(plain);
    expect(formatter.formatUtf8Bytes(record)).toBe(plain);
    expect(seen).toEqual(['fields', 'request', 'fields', 'request']); // strings go to toJson directly
  });
});
