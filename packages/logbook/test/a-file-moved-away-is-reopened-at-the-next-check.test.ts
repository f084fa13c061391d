// A FileHandler checks, before a batch and at most every watchInterval ms, that its path still names the file it
// has open; a file moved away (logrotate's create mode) is left with what was written before the move and the next
// check opens a new file at the path. watchInterval: false turns the check off. Mutation testing of
// handlers/file.ts (with the in-process tests only; file-rotation.test.ts checks this through a child process)
// showed none of it checked there.
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileHandler, Logger, TextFormatter, type FileHandlerOptions } from '../src/index.js';

const folders: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const log = new Logger('moved');

/** Logs "first", moves the file away, waits `pause` ms, logs "second"; returns both files' text. */
async function moveBetween(
  options: FileHandlerOptions,
  pause: number,
): Promise<{ moved: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-moved-'));
  folders.push(dir);
  const path = join(dir, 'app.log');
  const handler = new FileHandler(path, {
    ...options,
    formatter: new TextFormatter({ template: '{message}', stack: false }),
    sync: true,
  });
  handler.bind(() => log.info('first'));
  renameSync(path, `${path}.1`);
  await sleep(pause);
  handler.bind(() => log.info('second'));
  handler.close();
  const text = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '(none)';
    }
  };
  return { moved: text(`${path}.1`), path: text(path) };
}

describe('a FileHandler whose file is moved away', () => {
  it('writes to a new file at the path once watchInterval has passed', async () => {
    expect(await moveBetween({ watchInterval: 50 }, 120)).toEqual({ moved: 'first\n', path: 'second\n' });
  });

  it('goes on writing to the moved file until watchInterval has passed', async () => {
    expect(await moveBetween({ watchInterval: 60_000 }, 0)).toEqual({
      moved: 'first\nsecond\n',
      path: '(none)',
    });
  });

  it('checks every second by default, and never with watchInterval: false', async () => {
    expect(await moveBetween({}, 1100)).toEqual({ moved: 'first\n', path: 'second\n' });
    expect(await moveBetween({ watchInterval: false }, 1100)).toEqual({
      moved: 'first\nsecond\n',
      path: '(none)',
    });
  });
});
