// Found by level-names-and-numbers-parse-or-say-why.test.ts. toLevel(30n) and a level given as an object with
// a cycle threw a TypeError from JSON.stringify ("Do not know how to serialize a BigInt", "Converting circular
// structure"), which hid what was wrong; LOGBOOK_LEVEL=30 was refused with a message saying a number is fine.

import { describe, expect, it } from 'vitest';
import { Level, resolveSetupOptions, toLevel, UnknownLevelError, type LevelLike } from '../src/index.js';

describe('a level', () => {
  it('given as a BigInt or a cyclic object is an UnknownLevelError that shows it', () => {
    expect(() => toLevel(30n as unknown as LevelLike)).toThrow(UnknownLevelError);
    expect(() => toLevel(30n as unknown as LevelLike)).toThrow(
      /Unknown log level 30n: use one of TRACE, DEBUG/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => toLevel(cyclic as unknown as LevelLike)).toThrow(
      /Unknown log level \[object Object\]: use one of/,
    );
  });

  it('written as a number in text is that number, also in LOGBOOK_LEVEL', () => {
    expect(toLevel('30' as LevelLike)).toBe(Level.INFO);
    expect(toLevel(' 45 ' as LevelLike)).toBe(45);
    expect(resolveSetupOptions({ config: false }, { LOGBOOK_LEVEL: '40' }).level).toBe(Level.WARNING);
  });
});
