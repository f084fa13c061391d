// Settings for the property tests (fast-check) of every package.
//
// A fixed seed by default, so that CI and a developer see the same cases and a red run is not luck. Set
// LOGBOOK_PROPERTY_SEED to a number to try other cases, or to "random" to draw a new seed each run; a failure
// prints the seed and the path that reproduce it. LOGBOOK_PROPERTY_RUNS multiplies how many cases each property tries.

import type { Parameters } from 'fast-check';

const DEFAULT_SEED = 20261122;

function seedFromEnvironment(): number | undefined {
  const text = process.env['LOGBOOK_PROPERTY_SEED'];
  if (text === undefined || text === '') return DEFAULT_SEED;
  if (text === 'random') return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed))
    throw new Error(`LOGBOOK_PROPERTY_SEED must be an integer or "random"; it is ${JSON.stringify(text)}`);
  return seed;
}

function runsFactor(): number {
  const text = process.env['LOGBOOK_PROPERTY_RUNS'];
  if (text === undefined || text === '') return 1;
  const factor = Number(text);
  if (!(factor > 0))
    throw new Error(
      `LOGBOOK_PROPERTY_RUNS must be a positive number of times; it is ${JSON.stringify(text)}`,
    );
  return factor;
}

/** fast-check parameters for one property: `numRuns` cases at the project's seed. */
export function propertyRuns<T>(numRuns = 100): Parameters<T> {
  const seed = seedFromEnvironment();
  const runs = Math.max(1, Math.round(numRuns * runsFactor()));
  return seed === undefined ? { numRuns: runs } : { numRuns: runs, seed };
}
