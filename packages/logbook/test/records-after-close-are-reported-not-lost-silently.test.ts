// A hurried shutdown closes a handler that is still on the stack, and later records reach it. They cannot be
// written, but the loss must be said (once, with what to do) and counted, not silent.

import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Handler } from '../src/index.js';
import { AsyncHandler, FileHandler, Logger, StreamHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('shutdown');

function captureStderr(run: () => void): string {
  const original = process.stderr.write.bind(process.stderr);
  let text = '';
  process.stderr.write = (chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  };
  try {
    run();
  } finally {
    process.stderr.write = original;
  }
  return text;
}

function afterClose(handler: Handler): string {
  pushForTest(handler);
  return captureStderr(() => {
    log.info('after close');
    log.info('after close again');
  });
}

describe('a record that reaches a closed handler', () => {
  it('is reported once and counted by a FileHandler, and the records before close() stay in the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'logbook-closed-')), 'app.jsonl');
    const file = new FileHandler(path);
    file.pushApplication();
    log.info('before close');
    file.popApplication();
    file.close();
    const stderr = afterClose(file);
    expect(stderr.match(/after close\(\)/g)).toHaveLength(1);
    expect(stderr).toContain('pop the handler from the stack before closing it');
    expect(file.errorCount).toBe(2);
    expect(file.writer.dropped).toBe(2);
    expect(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['before close']);
  });

  it('is reported by an AsyncHandler and by a StreamHandler that ended its stream', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'logbook-closed-'));
    const queue = new AsyncHandler(new FileHandler(join(folder, 'queued.jsonl')));
    await queue.close();
    expect(afterClose(queue)).toContain('AsyncHandler(FileHandler');
    expect(queue.errorCount).toBe(2);

    const stream = new StreamHandler(createWriteStream(join(folder, 'stream.log')), { endOnClose: true });
    await stream.close();
    expect(afterClose(stream)).toContain('after close()');
    expect(stream.errorCount).toBe(2);
  });

  it('throws under the throw policy, for tests that want shutdown order checked', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'logbook-closed-')), 'app.jsonl');
    const file = new FileHandler(path, { errors: 'throw' });
    file.close();
    pushForTest(file);
    expect(() => log.info('after close')).toThrow(/handler is closed/);
  });
});
