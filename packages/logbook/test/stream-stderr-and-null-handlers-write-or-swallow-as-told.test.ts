// StreamHandler, StderrHandler and NullHandler as a user meets them: flush() resolves once the lines are at the
// destination, close() ends a stream it was told it owns (once) and leaves any other alone, a batch after close is
// reported with its size, StderrHandler writes to whatever process.stderr is when it writes, and a NullHandler
// swallows only what its level (and filter) take.

import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  FingersCrossedHandler,
  Logger,
  NullHandler,
  StderrHandler,
  StreamHandler,
  TestHandler,
  TextFormatter,
} from '../src/index.js';
import { pushForTest } from './helpers.js';

const log = new Logger('app');
const plain = (): TextFormatter => new TextFormatter({ template: '{level} {message}', stack: false });

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

describe('StreamHandler', () => {
  it('flush() resolves once what was written is in the file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'logbook-stream-')), 'app.log');
    const stream = createWriteStream(path);
    const handler = new StreamHandler(stream, { formatter: plain() });
    handler.bind(() => log.info('saved'));
    await handler.flush();
    expect(readFileSync(path, 'utf8')).toBe('INFO saved\n');
    await new Promise((resolve) => stream.end(resolve));
  });

  it('close() ends the stream only with endOnClose, and only once', async () => {
    const owned = new PassThrough();
    let ends = 0;
    const end = owned.end.bind(owned);
    owned.end = ((callback?: () => void) => (ends++, end(callback))) as typeof owned.end;
    const handler = new StreamHandler(owned, { endOnClose: true });
    await handler.close();
    await handler.close();
    expect(owned.writableEnded).toBe(true);
    expect(ends).toBe(1);

    const shared = new PassThrough();
    await new StreamHandler(shared).close();
    expect(shared.writableEnded).toBe(false);
    shared.write('still usable\n');
    expect(String(shared.read())).toBe('still usable\n');
  });

  it('writes a released trail as exactly its lines, in one write', () => {
    const chunks: string[] = [];
    const handler = new StreamHandler(
      { write: (chunk: string) => (chunks.push(chunk), true) },
      { formatter: plain() },
    );
    new FingersCrossedHandler(handler).bind(() => {
      log.info('a');
      log.error('b');
    });
    expect(chunks).toEqual(['INFO a\nERROR b\n']);
  });

  it('close() with endOnClose on a stream that has no end() leaves it be', async () => {
    const handler = new StreamHandler({ write: () => true }, { endOnClose: true });
    await expect(Promise.resolve(handler.close())).resolves.toBeUndefined();
  });

  it('reports a batch that comes after close() with how many records it lost', async () => {
    const stream = new PassThrough();
    const handler = new StreamHandler(stream, { endOnClose: true });
    await handler.close();
    const trail = new FingersCrossedHandler(handler);
    const stderr = captureStderr(() =>
      trail.bind(() => {
        log.info('one');
        log.error('two');
      }),
    );
    expect(stderr).toContain('taking 2 records after close()');
    expect(handler.errorCount).toBe(1);

    const single = new StreamHandler(new PassThrough(), { endOnClose: true });
    await single.close();
    expect(captureStderr(() => single.bind(() => log.info('late')))).toContain(
      'StreamHandler(level=NOTSET) taking a record after close()',
    );
  });
});

describe('StderrHandler', () => {
  it('writes to process.stderr as it is when writing, in the format given', () => {
    const handler = pushForTest(new StderrHandler({ formatter: plain() }));
    const stderr = captureStderr(() => log.warning('disk almost full'));
    expect(stderr).toBe('WARNING disk almost full\n');
    expect(handler.level).toBe(0);
  });

  it('writes a console line with the level, channel and message by default', () => {
    pushForTest(new StderrHandler());
    const stderr = captureStderr(() => new Logger('db').error('pool exhausted'));
    expect(stderr).toMatch(/ERROR.*db.*pool exhausted\n$/s);
  });
});

describe('NullHandler', () => {
  it('swallows records at or above its level; lower ones go on to the handlers below', () => {
    const below = pushForTest(new TestHandler());
    pushForTest(new NullHandler({ level: 'warning' }));
    log.info('kept');
    log.warning('swallowed');
    log.error('swallowed too');
    expect(below.records.map((record) => record.message)).toEqual(['kept']);
  });

  it('with a filter, swallows only what the filter takes', () => {
    const below = pushForTest(new TestHandler());
    pushForTest(new NullHandler({ filter: (record) => record.channel === 'noisy' }));
    new Logger('noisy').info('swallowed');
    log.info('kept');
    expect(below.records.map((record) => record.message)).toEqual(['kept']);
  });

  it('never passes what it took on, even when told to bubble', () => {
    const below = pushForTest(new TestHandler());
    const options = { bubble: true } as unknown as ConstructorParameters<typeof NullHandler>[0];
    pushForTest(new NullHandler(options));
    log.info('swallowed');
    expect(below.records).toHaveLength(0);
  });
});
