// Property: whatever a record carries, its JSON is what docs/record-schema.md ("Values that are hard to
// serialise") says, exactly. The reference model below turns a value into the plain data the docs describe;
// JSON.stringify of that data is the text toJson must write, on its first call and on later calls (when the
// shape and key caches and the frozen-object cache answer instead of the general path).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const MAX_DEPTH = 10;
const MAX_ENTRIES = 1000;

/** The documented JSON data of a value; undefined where JSON leaves a value out. */
function model(value: unknown, depth: number, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.description ?? 'Symbol()';
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'undefined':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Depth limit]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
  const inner = [...ancestors, object];
  if (object instanceof Error) return model(errorModel(object, new Set()), depth, inner);
  if (Array.isArray(object)) return arrayModel(object, depth, inner);
  if (object instanceof Map) {
    // Like an object's keys, only the first entries are written: as an object when all of their keys are text.
    const entries = [...object.entries()].slice(0, MAX_ENTRIES);
    if (entries.every(([key]) => typeof key === 'string')) {
      // In the map's order: an object would put integer-like keys first.
      const out: [string, unknown][] = [];
      for (const [key, item] of entries) {
        const written = model(item, depth + 1, inner);
        if (written !== undefined) out.push([key as string, written]);
      }
      return new OrderedObject(out);
    }
    return arrayModel([...object.entries()], depth, inner);
  }
  if (object instanceof Set) return arrayModel([...object], depth, inner);
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return model(toJSON.call(object), depth + 1, inner);
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of Object.keys(object)) {
    if (count++ === MAX_ENTRIES) break;
    let item: unknown;
    try {
      item = (object as Record<string, unknown>)[key];
    } catch (error) {
      item = `[Thrown: ${(error as Error).message}]`;
    }
    const written = model(item, depth + 1, inner);
    // defineProperty: a key named __proto__ is data, as JSON.parse makes it.
    if (written !== undefined) Object.defineProperty(out, key, { value: written, enumerable: true });
  }
  return out;
}

function arrayModel(items: readonly unknown[], depth: number, inner: object[]): unknown[] {
  const out = items.slice(0, MAX_ENTRIES).map((item) => model(item, depth + 1, inner) ?? null);
  if (items.length > MAX_ENTRIES) out.push(`[${items.length - MAX_ENTRIES} more]`);
  return out;
}

/** `{name, message, stack?, code?, cause?, props?}` as the schema's `error` says. */
function errorModel(error: Error, seen: Set<unknown>): Record<string, unknown> {
  seen.add(error);
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  if (typeof error.stack === 'string') out['stack'] = error.stack;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
  if (error.cause !== undefined) {
    out['cause'] = seen.has(error.cause)
      ? { name: 'Circular', message: '[Circular cause]' }
      : error.cause instanceof Error
        ? errorModel(error.cause, seen)
        : { name: 'NonError', message: nonErrorMessage(error.cause) };
  }
  for (const key of Object.keys(error)) {
    // Each shown in its own place, if it is shown there: a code that is no text or number, and errors that are
    // no list, stay with the other properties.
    if (['name', 'message', 'stack', 'cause'].includes(key)) continue;
    if (key === 'code' && out['code'] !== undefined) continue;
    if (key === 'errors' && Array.isArray((error as { errors?: unknown }).errors)) continue;
    ((out['props'] ??= {}) as Record<string, unknown>)[key] = (error as unknown as Record<string, unknown>)[
      key
    ];
  }
  return out;
}

/** A thrown value that is no error reads as its JSON text (its String() when JSON cannot write it). */
function nonErrorMessage(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    try {
      return String(value);
    } catch {
      return 'unprintable value'; // a null-prototype object has no String() either
    }
  }
}

/** An object whose keys keep the order given (a Map's). */
class OrderedObject {
  constructor(readonly entries: readonly [string, unknown][]) {}
}

/** JSON.stringify of the model's data, OrderedObject included. */
function stringify(data: unknown): string {
  if (data instanceof OrderedObject)
    return (
      '{' + data.entries.map(([key, item]) => JSON.stringify(key) + ':' + stringify(item)).join(',') + '}'
    );
  if (Array.isArray(data)) return '[' + data.map((item) => stringify(item)).join(',') + ']';
  if (data !== null && typeof data === 'object')
    return (
      '{' +
      Object.keys(data)
        .map((key) => JSON.stringify(key) + ':' + stringify((data as Record<string, unknown>)[key]))
        .join(',') +
      '}'
    );
  return JSON.stringify(data);
}

function expectedJson(value: unknown): string {
  const data = model(value, 0, []);
  return data === undefined ? 'null' : stringify(data);
}

// Text real logs and attackers produce: lone surrogates, control characters, U+2028, quotes, backslashes,
// non-ASCII, and strings on both sides of the serialiser's 80-character fast scan.
const nastyChar = fc.oneof(
  fc.constantFrom(
    '"',
    '\\',
    '\n',
    '\r',
    '\u0000',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u2028',
    '\u2029',
    'é',
    '→',
    '😀',
  ),
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('a', 'b', 'x', '1', ' ', '/', '-', '.'),
);
const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.array(nastyChar, { maxLength: 12 }).map((chars) => chars.join('')) },
  {
    weight: 1,
    arbitrary: fc.array(nastyChar, { minLength: 70, maxLength: 120 }).map((chars) => chars.join('')),
  },
  { weight: 2, arbitrary: fc.constantFrom('ann', 'GET', '/api/courses/:slug', '203.0.113.9', '') },
);
// Keys repeat from record to record in real logs (the shape cache's case) and may be anything at all.
const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('id', 'user', 'ip', 'path', 'status', 'a', 'b', '0', '10', '__proto__'),
  },
  { weight: 1, arbitrary: nastyString },
);
const number = fc.oneof(
  fc.double(),
  fc.constantFrom(-0, 0, Number.NaN, Infinity, -Infinity, 1e21, 1e-7, Number.MAX_VALUE, 5e-324, 2 ** 53 + 2),
  fc.integer(),
);
const leaf = fc.oneof(
  nastyString,
  number,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.string({ maxLength: 5 }).map((text) => Symbol(text)),
  fc.constant(Symbol()),
  fc.date({ noInvalidDate: false }),
  fc.uint8Array({ maxLength: 4 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    function named(): void {},
    () => 1,
  ),
);

class Point {
  constructor(
    readonly x: unknown,
    readonly label: unknown,
  ) {}
}

function throwingGetter(message: string): object {
  const object = { before: 1 };
  Object.defineProperty(object, 'broken', {
    enumerable: true,
    get() {
      throw new Error(message);
    },
  });
  return object;
}

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .dictionary(key, tie('value'), { maxKeys: 5 })
      .map((entries) => Object.fromEntries(Object.entries(entries))),
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .tuple(fc.array(fc.tuple(key, tie('value')), { maxLength: 3 }), fc.boolean())
      .map(
        ([entries, objectKey]) =>
          new Map<unknown, unknown>(objectKey ? [...entries, [{ k: 1 }, 2]] : entries),
      ),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)),
    fc.tuple(tie('value'), tie('value')).map(([x, label]) => new Point(x, label)),
    tie('value').map((inner) => ({ toJSON: () => inner })),
    nastyString.map(throwingGetter),
    fc
      .tuple(
        nastyString,
        fc.option(tie('value'), { nil: undefined }),
        fc.option(fc.oneof(nastyString, fc.integer())),
      )
      .map(([message, cause, code]) => {
        const error = new Error(message, cause === undefined ? undefined : { cause });
        if (code !== null) Object.assign(error, { code });
        return error;
      }),
    fc
      .dictionary(key, tie('value'), { maxKeys: 4 })
      .map((entries) =>
        Object.assign(Object.create(null) as object, Object.fromEntries(Object.entries(entries))),
      ),
    fc
      .dictionary(key, leaf, { maxKeys: 4 })
      .map((entries) => Object.freeze(Object.fromEntries(Object.entries(entries)))),
  ),
}));

/** Ties the value back to itself (an array holds itself, an object gets `self`), so cycles are among the cases. */
function withCycle(root: unknown): unknown {
  if (Array.isArray(root)) root.push(root);
  else if (root !== null && typeof root === 'object' && !Object.isFrozen(root) && !ArrayBuffer.isView(root))
    Object.defineProperty(root, 'self', {
      value: root,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  return root;
}

// A lone surrogate written raw would make the line invalid UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('toJson of any value', () => {
  it('is the JSON of the documented data, the same on the first and on later calls', () => {
    fc.assert(
      fc.property(value, (input) => {
        const expected = expectedJson(input);
        expect(toJson(input)).toBe(expected);
        expect(toJson(input)).toBe(expected); // the caches answer now
        expect(toJson({ wrapped: input, after: 'x' })).toBe(expectedJson({ wrapped: input, after: 'x' }));
      }),
      propertyRuns(300),
    );
  });

  it('writes a cycle as "[Circular]" wherever it closes', () => {
    fc.assert(
      fc.property(value, (input) => {
        const cyclic = withCycle(input);
        const text = toJson({ cyclic });
        expect(text).toBe(expectedJson({ cyclic }));
        expect(() => JSON.parse(text) as unknown).not.toThrow();
      }),
      propertyRuns(200),
    );
  });

  it('is one line of valid JSON whatever the strings hold', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, nastyString, { maxKeys: 6 }),
        fc.array(nastyString, { maxLength: 4 }),
        (object, list) => {
          const text = toJson({ object: Object.fromEntries(Object.entries(object)), list });
          expect(text).not.toMatch(/[\n\r]/);
          expect(text).not.toMatch(LONE_SURROGATE);
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify({ object, list })));
        },
      ),
      propertyRuns(300),
    );
  });
});
