// docs/record-schema.md: anything deeper than 10 levels is written as "[Depth limit]". Every way a value holds
// another counts as a level: an object's key, an array's or a Set's item, a Map's entry and what toJSON()
// returns. Ten levels are written whole, the eleventh is the mark, whichever kind does the nesting.

import { describe, expect, it } from 'vitest';
import { toJson } from '../src/index.js';

/** `levels` containers, each made by `wrap`, around the text 'x'. */
function nest(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
}

/** The JSON of `levels` containers around 'x', each written as `open` ... `close`. */
function written(levels: number, open: string, close: string): string {
  return open.repeat(levels) + '"x"' + close.repeat(levels);
}

/** The JSON of 10 containers whose innermost holds the mark instead of an eleventh container. */
function cutAtEleven(open: string, close: string): string {
  return open.repeat(10) + '"[Depth limit]"' + close.repeat(10);
}

describe('nesting deeper than ten levels', () => {
  it('arrays: ten are written whole, the eleventh is "[Depth limit]"', () => {
    const array = (inner: unknown): unknown => [inner];
    expect(toJson(nest(10, array))).toBe(written(10, '[', ']'));
    expect(toJson(nest(11, array))).toBe(cutAtEleven('[', ']'));
  });

  it('Sets: ten are written whole, the eleventh is "[Depth limit]"', () => {
    const set = (inner: unknown): unknown => new Set([inner]);
    expect(toJson(nest(10, set))).toBe(written(10, '[', ']'));
    expect(toJson(nest(11, set))).toBe(cutAtEleven('[', ']'));
  });

  it('Maps with text keys: ten are written whole, the eleventh is "[Depth limit]"', () => {
    const map = (inner: unknown): unknown => new Map([['k', inner]]);
    expect(toJson(nest(10, map))).toBe(written(10, '{"k":', '}'));
    expect(toJson(nest(11, map))).toBe(cutAtEleven('{"k":', '}'));
  });

  it('objects: ten are written whole, the eleventh is "[Depth limit]"', () => {
    const object = (inner: unknown): unknown => ({ k: inner });
    expect(toJson(nest(10, object))).toBe(written(10, '{"k":', '}'));
    expect(toJson(nest(11, object))).toBe(cutAtEleven('{"k":', '}'));
  });

  it('toJSON results count as a level each: ten are written whole, the eleventh is "[Depth limit]"', () => {
    // Each toJSON() hands back the next value: a wrapper that unwraps itself is one level, like a container.
    const selfUnwrapping = (inner: unknown): unknown => ({ toJSON: () => inner });
    expect(toJson(nest(10, selfUnwrapping))).toBe('"x"');
    expect(toJson(nest(11, selfUnwrapping))).toBe('"[Depth limit]"');
  });

  it('a toJSON() that hands back a new value of its own kind every time ends in the mark, not in an overflow', () => {
    class Endless {
      toJSON(): Endless {
        return new Endless();
      }
    }
    expect(toJson({ value: new Endless() })).toBe('{"value":"[Depth limit]"}');
  });
});
