// docs/logbook.md lists the key names the default redaction replaces, and the endings that make any key a secret;
// DEFAULT_SECRET_KEYS is exported as "the exact names". A name dropped from the list (or from the docs) would be
// written to disk with no one told: each documented name and ending must be redacted, and the exported list
// must be exactly the documented names, so that `{ defaults: false, keys: DEFAULT_SECRET_KEYS }` is what it says.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRedactor, DEFAULT_SECRET_KEYS } from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/logbook.md', import.meta.url), 'utf8');

/** The backquoted names of the doc's lines from `first` up to (not including) `end`. */
function documentedNames(first: string, end: string): string[] {
  const start = doc.indexOf(first);
  const stop = doc.indexOf(end, start);
  expect(start, `docs/logbook.md has no "${first}"`).toBeGreaterThanOrEqual(0);
  expect(stop).toBeGreaterThan(start);
  return [...doc.slice(start, stop).matchAll(/`([^`]+)`/g)]
    .map((match) => match[1]!)
    .flatMap((name) => (name.endsWith('(s)') ? [name.slice(0, -3), name.slice(0, -3) + 's'] : [name]))
    .filter((name) => name !== 'session' && name !== '@logbook/web'); // named as what is not redacted
}

const exactNames = documentedNames('- passwords and secrets:', '- any key **ending**');
const endings = documentedNames('- any key **ending**', 'Keys that only contain');
const normalise = (name: string): string => name.toLowerCase().replace(/[-_ .]/g, '');

describe('the default secret keys', () => {
  it('are exactly the names docs/logbook.md lists', () => {
    expect(exactNames.length).toBeGreaterThan(40);
    expect([...new Set(exactNames.map(normalise))].sort()).toEqual([...DEFAULT_SECRET_KEYS].sort());
  });

  it('each redact their value by default, and also when given as keys without the defaults', () => {
    const redact = createRedactor();
    const listedOnly = createRedactor({ defaults: false, keys: DEFAULT_SECRET_KEYS });
    for (const name of exactNames) {
      expect(redact({ [name]: 'v', ok: 1 }), name).toEqual({ [name]: '[redacted]', ok: 1 });
      expect(listedOnly({ [name]: 'v', ok: 1 }), name).toEqual({ [name]: '[redacted]', ok: 1 });
    }
  });

  it('include any key that ends in a documented ending', () => {
    const redact = createRedactor();
    expect(endings.length).toBeGreaterThanOrEqual(10);
    for (const ending of endings.filter((name) => /^[a-z_]+$/.test(name))) {
      const key = `stripe_${ending}`;
      expect(redact({ [key]: 'v' }), key).toEqual({ [key]: '[redacted]' });
      expect(createRedactor({ defaults: false })({ [key]: 'v' }), key).toEqual({ [key]: 'v' });
    }
  });
});
