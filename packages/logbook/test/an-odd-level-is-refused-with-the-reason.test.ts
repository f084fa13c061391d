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

  it('refused is shown in the message as it was given, so the reader sees what to change', () => {
    const reason = (value: unknown): string => {
      try {
        toLevel(value as LevelLike);
      } catch (error) {
        expect(error).toBeInstanceOf(UnknownLevelError);
        return (error as Error).message;
      }
      throw new Error(`toLevel(${String(value)}) was accepted`);
    };
    expect(() => toLevel('loud' as LevelLike)).toThrow(
      expect.objectContaining({ name: 'UnknownLevelError' }),
    );
    expect(reason('loud')).toMatch(/^Unknown log level "loud": use one of TRACE, .*, CRITICAL \(any case\)/);
    expect(reason(-1)).toMatch(/^Unknown log level -1: /);
    expect(reason(undefined)).toMatch(/^Unknown log level undefined: /);
    expect(reason(Symbol('info'))).toMatch(/^Unknown log level Symbol\(info\): /);
    expect(reason(() => 30)).toMatch(/^Unknown log level \(\) => 30: /);
    // More digits than a level number has: not read as a number (it would lose precision), so refused.
    expect(reason('1234567890123456')).toMatch(/^Unknown log level "1234567890123456": /);
  });

  it('written as a number in text is that number, also in LOGBOOK_LEVEL', () => {
    expect(toLevel('30' as LevelLike)).toBe(Level.INFO);
    expect(toLevel(' 45 ' as LevelLike)).toBe(45);
    expect(resolveSetupOptions({ config: false }, { LOGBOOK_LEVEL: '40' }).level).toBe(Level.WARNING);
  });
});
