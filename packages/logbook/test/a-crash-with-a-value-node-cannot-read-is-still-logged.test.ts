// Found by any-thrown-value-is-logged-in-every-output.test.ts (shrunk: an Error whose `message` getter throws, rejected
// and never handled). Node reads the rejected value's message itself, and when that throws, the exception comes out of
// the first call into Node's bindings in the first `uncaughtExceptionMonitor` listener: captureCrashes()'s, inside
// the logger, which reported "building a record failed" and lost the crash record. And a revoked Proxy thrown or
// rejected made the crash record's formatting throw (see a-thrown-proxy-is-logged-not-thrown.test.ts). In each case
// the crash is now logged at CRITICAL in every output, and the process still exits with code 1.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Recipe } from './fixtures/thrown-values.mjs';
import { assertValidRecord } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/crash-with-thrown-value.mjs', import.meta.url));

function crash(how: 'throw' | 'reject', recipe: Recipe) {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-unreadable-crash-'));
  const result = spawnSync(process.execPath, [fixture, dir, how, JSON.stringify(recipe)], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const records = readFileSync(join(dir, 'app.jsonl'), 'utf8').trim().split('\n').map(assertValidRecord);
  const text = readFileSync(join(dir, 'app.log'), 'utf8');
  return { result, records, text };
}

const getterThrows: Recipe = {
  kind: 'error',
  errorClass: 'RangeError',
  message: { kind: 'undefined' },
  name: null,
  stack: null,
  code: null,
  cause: null,
  members: [],
  props: [],
  throwingGetters: ['message'],
  toJSON: null,
  toPrimitiveThrows: false,
  toStringThrows: false,
};
const revoked: Recipe = {
  kind: 'revoked',
  target: { kind: 'object', nullPrototype: false, entries: [], toPrimitiveThrows: false },
};

describe('a crash with a value that cannot be read', () => {
  it('an Error whose message getter throws, rejected and never handled, is logged', () => {
    const { result, records, text } = crash('reject', getterThrows);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('building a record failed');
    expect(records.at(-1)).toMatchObject({
      level: 'CRITICAL',
      event: 'crash',
      message: 'Unhandled promise rejection: RangeError: [Thrown: getter message threw]',
      error: { name: 'RangeError', message: '[Thrown: getter message threw]' },
    });
    expect(text).toContain('Unhandled promise rejection: RangeError: [Thrown: getter message threw]');
  });

  it('a revoked Proxy thrown is logged saying what reading it threw', () => {
    const { result, records } = crash('throw', revoked);
    expect(result.status).toBe(1);
    expect(records.at(-1)).toMatchObject({ level: 'CRITICAL', event: 'crash', error: { name: 'NonError' } });
    expect(records.at(-1)!['message']).toMatch(/^Uncaught exception: \[Thrown: .*revoked\]$/);
  });

  it('a revoked Proxy rejected is logged as the crash Node makes of it', () => {
    const { result, records } = crash('reject', revoked);
    expect(result.status).toBe(1);
    // Node throws while it looks at the rejected value; that TypeError is the crash it reports.
    expect(records.at(-1)).toMatchObject({ level: 'CRITICAL', event: 'crash' });
    expect(records.at(-1)!['message']).toMatch(/revoked/);
  });
});
