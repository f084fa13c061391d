// close() while the file cannot be written: what was pending is counted as dropped, and nothing is written
// (or opened) after close() when the path becomes writable again. Before the fix the retry timer set by the
// failed final flush wrote the records a second later into a file it opened and never closed.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHandler, Logger } from '../src/index.js';

describe('a FileHandler closed while its file fails', () => {
  it('counts what was pending as dropped and writes nothing after close()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logbook-closed-failing-'));
    const blocker = join(dir, 'logs');
    writeFileSync(blocker, 'a file where the folder should be'); // opening logs/app.jsonl fails: ENOTDIR
    const path = join(blocker, 'app.jsonl');
    const handler = new FileHandler(path, { errors: 'silent' }).pushApplication();
    const log = new Logger('app');
    for (let n = 0; n < 10; n++) log.info('record {n}', { n });
    handler.popApplication();
    handler.close();
    expect(handler.writer.dropped).toBe(10);
    rmSync(blocker); // the path could be written now
    await new Promise((resolve) => setTimeout(resolve, 1300)); // past the one-second retry
    expect(existsSync(blocker)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});
