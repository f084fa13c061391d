// Property: every documented spelling of a level — a name in any case with spaces around it, `warn`, `fatal`,
// `notset`, a number from 0 (also written as text) — gives its number, and a level's name gives it back; anything else is an
// UnknownLevelError that says what was given and lists the valid names, never another error.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Level, LEVEL_NAMES, levelName, toLevel, UnknownLevelError, type LevelLike } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const SPELLINGS: Record<string, number> = { ...Level, WARN: Level.WARNING, FATAL: Level.CRITICAL };

/** The name in a random mix of cases, with blanks around it. */
const spelled = fc
  .tuple(
    fc.constantFrom(...Object.keys(SPELLINGS)),
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    fc.constantFrom('', ' ', '\t', '  '),
    fc.constantFrom('', ' ', '\n'),
  )
  .map(([name, upper, before, after]) => ({
    name,
    text: before + [...name].map((c, i) => (upper[i] === true ? c : c.toLowerCase())).join('') + after,
  }));

function expectUnknown(value: unknown): void {
  let thrown: unknown;
  try {
    toLevel(value as LevelLike);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(UnknownLevelError);
  expect((thrown as Error).message).toContain(LEVEL_NAMES.join(', '));
}

describe('toLevel', () => {
  it('takes every documented spelling, and a level name gives its number back', () => {
    fc.assert(
      fc.property(spelled, ({ name, text }) => {
        const level = toLevel(text as LevelLike);
        expect(level).toBe(SPELLINGS[name]);
        if (level !== Level.NOTSET) expect(toLevel(levelName(level))).toBe(level);
      }),
      propertyRuns(200),
    );
  });

  it('takes a number written as text (an environment variable, a config value)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('', ' '), (n, blank) => {
        expect(toLevel(`${blank}${n}${blank}` as LevelLike)).toBe(n);
      }),
      propertyRuns(100),
    );
  });

  it('takes any number from 0, and names a custom level after the level below it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (n) => {
        expect(toLevel(n)).toBe(n);
        // The nearest named level at or below it; below TRACE (1 to 9, NOTSET) it still reads TRACE.
        const below = LEVEL_NAMES.filter((candidate) => Level[candidate] <= n);
        expect(levelName(n)).toBe(below.at(-1) ?? 'TRACE');
      }),
      propertyRuns(200),
    );
  });

  it('names the levels between and around the named ones as a reader expects', () => {
    expect([0, 5, 10, 15, 34, 35, 36, 45, 59, 60, 1000].map(levelName)).toEqual([
      'TRACE',
      'TRACE',
      'TRACE',
      'TRACE',
      'INFO',
      'NOTICE',
      'NOTICE',
      'WARNING',
      'ERROR',
      'CRITICAL',
      'CRITICAL',
    ]);
  });

  it('refuses anything else with an UnknownLevelError that lists the valid names', () => {
    const known = new Set(Object.keys(SPELLINGS));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string().filter((text) => !known.has(text.trim().toUpperCase()) && !/^\s*\d+\s*$/.test(text)),
          fc.constantFrom(-1, -0.5, Number.NaN, Infinity, -Infinity),
          fc.bigInt(),
          fc.constantFrom(null, undefined, true, {}, [], Symbol('info')),
          fc.constant(0).map(() => {
            const cyclic: Record<string, unknown> = {};
            cyclic['self'] = cyclic;
            return cyclic;
          }),
        ),
        (value) => expectUnknown(value),
      ),
      propertyRuns(300),
    );
  });
});
