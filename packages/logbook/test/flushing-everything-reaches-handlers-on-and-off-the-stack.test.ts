// flushEverythingSync() is what a crash, process.exit() or a stop signal runs under captureCrashes() before the
// process ends: what any handler still holds must be on disk by the time it returns, as nothing runs after it
// when a signal ends the process. That covers the handlers on the application stack (a DedupHandler's pending
// "repeated" summary) and file handlers that are not on it (bound to a context, or never pushed).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DedupHandler, FileHandler, flushEverythingSync, Logger, TestHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('flushEverythingSync()', () => {
  it('writes the repeat summary a DedupHandler on the application stack still holds', () => {
    const sink = new TestHandler();
    pushForTest(new DedupHandler(sink));
    const log = new Logger('app');
    for (let i = 0; i < 3; i++) log.warning('disk almost full');
    expect(sink.records.map((r) => r.message)).toEqual(['disk almost full']);
    flushEverythingSync();
    expect(sink.records.map((r) => r.message)).toEqual([
      'disk almost full',
      'Message repeated 2 times: disk almost full',
    ]);
  });

  it('writes the pending lines of a file handler that is bound to a context, not on the stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-flush-everything-'));
    folders.push(dir);
    const path = join(dir, 'jobs.jsonl');
    const handler = new FileHandler(path);
    try {
      handler.bind(() => new Logger('job').info('step {n} done', { n: 1 }));
      // The batch would be written at the end of this turn; a signal ends the process before that.
      expect(readFileSync(path, 'utf8')).toBe('');
      flushEverythingSync();
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['step 1 done']);
    } finally {
      handler.close();
    }
  });
});
