// Every output writes at most 1000 entries of an object, array, Map or Set. Redaction looked at every entry all the
// same: logging a 1,000,000-key object took seconds in redaction alone (it read each value and copied each key),
// though a secret past the 1000th entry is written nowhere. It now stops where the outputs stop, and what it gives on
// in place of a bigger value holds only the entries it looked at, so a secret past them is not shown either.

import { describe, expect, it } from 'vitest';
import { redactedOutputs as outputsOf } from './support/redacted-outputs.js';

const LIMIT = 1000;

/** `target` behind a Proxy that notes which of its keys are read. */
function watched<T extends object>(target: T): { value: T; read: Set<string> } {
  const read = new Set<string>();
  const value = new Proxy(target, {
    get(inner, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(inner, key, receiver) as unknown;
    },
  });
  return { value, read };
}

describe('a value with more entries than the outputs write', () => {
  it('an object: the secret among its first 1000 keys is redacted, and no value past them is read', () => {
    const target: Record<string, unknown> = { user: 'ann', password: 'p-111111' };
    for (let i = 0; i < 100_000; i++) target[`k${i}`] = i;
    const { value, read } = watched(target);
    const { json, outputs } = outputsOf((log) => log.info('import', { batch: value }));
    const batch = (json['fields'] as { batch: Record<string, unknown> }).batch;
    expect(Object.keys(batch)).toHaveLength(LIMIT);
    expect(batch).toMatchObject({ user: 'ann', password: '[redacted]', k997: 997 });
    for (const output of outputs) expect(output).not.toContain('p-111111');
    // Keys 0 and 1 are user and password: k998 is the 1001st key.
    expect([...read].filter((key) => /^k\d+$/.test(key) && Number(key.slice(1)) >= 998)).toEqual([]);
  });

  it('an array of 1,000,000 items: the secret in its first 1000 is redacted, the rest counted, none read', () => {
    const target: unknown[] = new Array<unknown>(1_000_000).fill(0);
    target[5] = { token: 't-222222', kept: 'yes' };
    const { value, read } = watched(target);
    const { json, outputs } = outputsOf((log) => log.info('rows', { rows: value }));
    const rows = (json['fields'] as { rows: unknown[] }).rows;
    expect(rows).toHaveLength(LIMIT + 1);
    expect(rows[5]).toEqual({ token: '[redacted]', kept: 'yes' });
    expect(rows[LIMIT]).toBe('[999000 more]');
    for (const output of outputs) expect(output).not.toContain('t-222222');
    expect([...read].filter((key) => /^\d+$/.test(key) && Number(key) >= LIMIT)).toEqual([]);
  });

  it('a Map with text keys is written as its first 1000 entries, the secret among them redacted', () => {
    const byName = new Map<string, unknown>([['api_key', 'k-333333']]);
    for (let i = 0; i < 100_000; i++) byName.set(`user${i}`, i);
    const { json, outputs } = outputsOf((log) => log.info('users', { byName }));
    const written = (json['fields'] as { byName: Record<string, unknown> }).byName;
    expect(Object.keys(written)).toHaveLength(LIMIT);
    expect(written).toMatchObject({ api_key: '[redacted]', user998: 998 });
    expect(written['user999']).toBeUndefined();
    for (const output of outputs) expect(output).not.toContain('k-333333');
  });

  it('a Map with other keys and a Set are written as their first 1000 entries and how many more', () => {
    const byId = new Map<number, unknown>([[1, { password: 'p-444444' }]]);
    const tags = new Set<unknown>([{ secret: 's-555555' }]);
    for (let i = 2; i <= 100_000; i++) {
      byId.set(i, i);
      tags.add(i);
    }
    const { json, outputs } = outputsOf((log) => log.info('lookups', { byId, tags }));
    const fields = json['fields'] as { byId: unknown[]; tags: unknown[] };
    expect(fields.byId.slice(0, 2)).toEqual([
      [1, { password: '[redacted]' }],
      [2, 2],
    ]);
    expect(fields.byId.slice(LIMIT)).toEqual(['[99000 more]']);
    expect(fields.tags.slice(0, 2)).toEqual([{ secret: '[redacted]' }, 2]);
    expect(fields.tags.slice(LIMIT)).toEqual(['[99000 more]']);
    for (const output of outputs)
      for (const secret of ['p-444444', 's-555555']) expect(output).not.toContain(secret);
  });

  it('a secret past the 1000th entry is shown nowhere, also not by a hole that names it', () => {
    const rows: unknown[] = new Array<unknown>(2000).fill({ id: 0 });
    rows[1500] = { password: 'p-666666' };
    const { json, outputs } = outputsOf((log) =>
      log.info('row 1500 has {rows.1500.password} and row 1 has {rows.1.id}', { rows }),
    );
    expect(json['message']).toBe('row 1500 has {rows.1500.password?} and row 1 has 0');
    for (const output of outputs) expect(output).not.toContain('p-666666');
  });
});
