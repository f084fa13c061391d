import { describe, expect, it } from 'vitest';
import { toJson } from '../src/index.js';

describe('toJson', () => {
  it('writes plain values exactly as JSON.stringify does', () => {
    const samples: unknown[] = [
      { userId: 'u1', route: '/api/courses/:slug', status: 200, n: 1 },
      { text: 'quote " backslash \\ tab \t newline \n nul \u0000 é 日本 😀' },
      { long: 'plain text that is longer than the short-string scan, '.repeat(4) },
      { long: 'long text with a "quote" near the end '.repeat(4) + '\\' },
      { 'odd "key"\n': true, '': false, '0': 0, '-1': -0, n: 1.5e300, small: 5e-324 },
      { nested: { a: [1, 'two', { three: null }], b: {} }, empty: [] },
      Object.assign(Object.create(null) as object, { a: 1, b: 'x' }),
    ];
    for (const value of samples) expect(toJson(value)).toBe(JSON.stringify(value));
  });

  it('keeps each object its own keys when objects with the same first key differ', () => {
    const lines = [
      toJson({ id: 1, a: 'x', b: 'y' }),
      toJson({ id: 2, b: 'y' }),
      toJson({ id: 3, a: 'x', b: 'y', c: 'z' }),
      toJson({ id: 4, a: 'x' }),
      toJson({ id: 5, a: undefined, b: 'y' }),
      toJson({ id: 6, a: 'x', b: 'y' }),
      toJson({ id: 7 }),
    ];
    expect(lines).toEqual([
      '{"id":1,"a":"x","b":"y"}',
      '{"id":2,"b":"y"}',
      '{"id":3,"a":"x","b":"y","c":"z"}',
      '{"id":4,"a":"x"}',
      '{"id":5,"b":"y"}',
      '{"id":6,"a":"x","b":"y"}',
      '{"id":7}',
    ]);
    expect(toJson({ a: undefined })).toBe('{}');
  });

  it('escapes lone surrogates in short and long strings and keeps pairs', () => {
    const short = toJson({ s: 'a\ud800b', pair: '😀' });
    expect(short).toBe('{"s":"a\\ud800b","pair":"😀"}');
    const long = toJson({ s: 'x'.repeat(100) + '\udc00' });
    expect(long).toBe(`{"s":"${'x'.repeat(100)}\\udc00"}`);
  });

  it('writes only own enumerable keys, never inherited ones', () => {
    const parent = { inherited: 'no' };
    const child = Object.create(parent) as Record<string, unknown>;
    child.own = 'yes';
    Object.defineProperty(child, 'hidden', { value: 'no', enumerable: false });
    // The prototype is not Object.prototype, so this goes through the class-instance path.
    expect(toJson(child)).toBe('{"own":"yes"}');
  });

  it('a toJson called from a getter during another one sees no false cycle', () => {
    const shared = { name: 'shared' };
    const outer = {
      shared,
      get view(): string {
        return toJson({ again: shared });
      },
    };
    expect(JSON.parse(toJson(outer))).toEqual({
      shared: { name: 'shared' },
      view: '{"again":{"name":"shared"}}',
    });
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.me = cycle;
    expect(toJson(cycle)).toBe('{"a":1,"me":"[Circular]"}');
    expect(toJson({ first: shared, second: shared })).toBe(
      '{"first":{"name":"shared"},"second":{"name":"shared"}}',
    );
  });

  it('still cuts a cycle met after a toJson called from a getter has returned', () => {
    const outer: Record<string, unknown> = {
      get view(): string {
        return toJson({ x: 1 });
      },
      child: {},
    };
    (outer.child as Record<string, unknown>).back = outer;
    expect(toJson(outer)).toBe('{"view":"{\\"x\\":1}","child":{"back":"[Circular]"}}');
  });

  it('writes a class instance, Map, Set or error met twice in full both times: repeated, not circular', () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const point = new Point(1);
    const map = new Map([['k', 1]]);
    const set = new Set([2]);
    const error = Object.assign(new Error('e'), { stack: undefined });
    expect(toJson([point, point, map, map, set, set, error, error])).toBe(
      '[{"x":1},{"x":1},{"k":1},{"k":1},[2],[2],{"name":"Error","message":"e"},{"name":"Error","message":"e"}]',
    );
  });

  it('writes objects with many keys exactly, every time', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 100; i++) wide[`key${i}`] = i;
    expect(toJson(wide)).toBe(JSON.stringify(wide));
    wide.key0 = -1;
    expect(toJson(wide)).toBe(JSON.stringify(wide));
  });

  it('writes the first 1000 keys of a huge object', () => {
    const huge: Record<string, number> = {};
    for (let i = 0; i < 1500; i++) huge[`k${i}`] = i;
    expect(Object.keys(JSON.parse(toJson(huge)) as object)).toHaveLength(1000);
  });

  it('writes frozen objects as they are each time, even when one holds a getter or a mutable object', () => {
    const client = Object.freeze({ kind: 'crawler', name: 'Googlebot', verified: true });
    expect(toJson(client)).toBe(JSON.stringify(client));
    expect(toJson({ client })).toBe(JSON.stringify({ client })); // second time, inside another object
    const inner = { n: 1 };
    const holder = Object.freeze({ inner });
    expect(toJson(holder)).toBe('{"inner":{"n":1}}');
    inner.n = 2;
    expect(toJson(holder)).toBe('{"inner":{"n":2}}');
    let calls = 0;
    const live = Object.freeze({
      get count(): number {
        return ++calls;
      },
    });
    expect(toJson(live)).toBe('{"count":1}');
    expect(toJson(live)).toBe('{"count":2}');
    // A cached frozen object deep inside another still meets the depth limit.
    let deep: unknown = client;
    for (let i = 0; i < 12; i++) deep = { a: deep };
    expect(toJson(deep)).toBe('{"a":'.repeat(10) + '"[Depth limit]"' + '}'.repeat(10));
    expect(toJson(client)).toBe(JSON.stringify(client));
    const named = Object.freeze({ name: 'Zoë 日本' });
    expect(toJson(named)).toBe(JSON.stringify(named));
    expect(toJson(named)).toBe(JSON.stringify(named));
  });

  it('writes arrays as JSON.stringify does, cuts cycles through them, and still honours a changed prototype', () => {
    const signals = ['empty-user-agent', 'wordpress-probe'];
    expect(toJson(signals)).toBe(JSON.stringify(signals));
    expect(toJson({ signals, nested: [[1, [2, ['three']]], []] })).toBe(
      JSON.stringify({ signals, nested: [[1, [2, ['three']]], []] }),
    );
    const loop: unknown[] = ['a'];
    loop.push(loop);
    expect(toJson(loop)).toBe('["a","[Circular]"]');
    expect(toJson({ list: loop })).toBe('{"list":["a","[Circular]"]}');
    const shared = ['x'];
    expect(toJson([shared, shared])).toBe('[["x"],["x"]]'); // repeated, not circular
    // An array made into an Error is written as an error, as before the array shortcut.
    const odd = Object.setPrototypeOf(['m'], Error.prototype) as object;
    expect(JSON.parse(toJson(odd))).toMatchObject({ name: 'Error' });
    // An array subclass still goes through toJSON and the array path.
    class Tags extends Array<string> {}
    const tags = Tags.from(['t1', 't2']);
    expect(toJson(tags)).toBe('["t1","t2"]');
  });

  it('writes string values next to every kind of neighbour exactly, with the key list known and unknown', () => {
    const long = 'plain text longer than the short-string scan, '.repeat(3);
    const request = {
      id: 'c2trpc-1',
      method: 'GET',
      path: '/hello',
      status: 200,
      duration_ms: 0.25,
      bytes: 11,
      ip: '127.0.0.1',
    };
    const samples: Record<string, unknown>[] = [
      request,
      { ...request }, // the same key list again: written from the known list
      { id: '', method: 'say "hi"', path: 'é', status: 'x', duration_ms: long, bytes: long + '\\', ip: '' },
      { id: 'a', method: undefined, path: 'b', status: undefined, duration_ms: null, bytes: ['c'], ip: 'd' },
      { id: 'a', other: 'b', third: 1, fourth: 'c' }, // same first key, then another key list
      { id: 'a', method: 'b' }, // a shorter key list ending on a string
      { s1: 'x', s2: '', s3: 'y\n', s4: 'z', s5: true, s6: 'w' },
    ];
    for (let round = 0; round < 3; round++) {
      for (const value of samples) expect(toJson(value)).toBe(JSON.stringify(value));
    }
  });
});
