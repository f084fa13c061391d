// `throw undefined`, `Promise.reject()` and `log.exception(undefined)` leave `{error}` with nothing to show: the
// message read "Exception: {error?}" (the sign of a missing field), as if the template were wrong. It says what was
// thrown now, in the logger and in the crash record.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Logger, TestHandler } from '../src/index.js';
import { assertValidRecord } from './helpers.js';

const fixture = fileURLToPath(new URL('./fixtures/crash-with-thrown-value.mjs', import.meta.url));

function crashMessages(how: 'throw' | 'reject'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-undefined-crash-'));
  const result = spawnSync(process.execPath, [fixture, dir, how, JSON.stringify({ kind: 'undefined' })], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.status).toBe(1);
  const records = readFileSync(join(dir, 'app.jsonl'), 'utf8').trim().split('\n').map(assertValidRecord);
  return records.filter((r) => r.level === 'CRITICAL').map((r) => String(r.message));
}

describe('a thrown undefined reads as undefined', () => {
  it('log.exception(undefined) logs "Exception: undefined"; a template of its own is kept as it is', () => {
    const handler = new TestHandler().pushApplication();
    try {
      const log = new Logger('app');
      log.exception(undefined);
      log.exception(undefined, 'Checkout failed: {error}');
      expect(handler.records.map((r) => r.message)).toEqual([
        'Exception: undefined',
        'Checkout failed: {error?}',
      ]);
    } finally {
      handler.popApplication();
    }
  });

  it('an uncaught `throw undefined` says so in the crash record, and a `Promise.reject()` as Node words it', () => {
    expect(crashMessages('throw')).toEqual(['Uncaught exception: undefined']);
    // Node hands the crash listener its own UnhandledPromiseRejection error for a rejection without a value.
    const [rejected] = crashMessages('reject');
    expect(rejected).toContain('rejected with the reason "undefined"');
    expect(rejected).not.toContain('{error?}');
  });
});
