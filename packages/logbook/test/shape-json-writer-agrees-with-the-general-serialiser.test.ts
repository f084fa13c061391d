// Property: for any key list and any object, shapeJsonWriter(keys) writes exactly what toJson writes, or
// declines (undefined) — also for key lists and objects with integer-like keys (which objects list first),
// keys in another order, missing keys, undefined values, nasty strings and odd numbers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeJsonWriter, toJson } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const key = fc.constantFrom('id', 'path', 'status', '0', '7', '10', 'a b', 'x-y');
const item = fc.oneof(
  fc.constantFrom('GET', '/a', '', 'tab\there', 'quote"', 'caf\u00e9', '\ud800', 'x'.repeat(100)),
  fc.double(),
  fc.constantFrom(-0, Number.NaN, Infinity, 1e21),
  fc.boolean(),
  fc.constantFrom(undefined, null),
  fc.constant({ nested: 1 }),
);

describe('shapeJsonWriter', () => {
  it('writes what toJson writes, or declines', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(key, item), { maxLength: 7 }),
        (keys, entries) => {
          const value = Object.fromEntries(entries);
          const json = shapeJsonWriter(keys)(value);
          if (json !== undefined) expect(json).toBe(toJson(value));
          // An object of the list's keys in the list's order, with plain values, is written (not declined).
          const plain = Object.fromEntries(keys.filter((k) => !/^\d+$/.test(k)).map((k) => [k, 'v']));
          expect(shapeJsonWriter(keys)(plain)).toBe(toJson(plain));
        },
      ),
      propertyRuns(300),
    );
  });
});
