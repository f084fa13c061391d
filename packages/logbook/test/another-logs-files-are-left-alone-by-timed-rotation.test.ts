// A TimedRotatingFileHandler for `app.jsonl` writes `app-<period>.jsonl`. The same folder may hold another log whose
// name begins alike: `app-errors.jsonl` rotated by size (`app-errors.jsonl.1`, `.2`, …), or a file a person left
// there. The handler's first compression pass took every unfinished archive named `app-….gz.<pid>.<n>.tmp` of an
// ended process for one of its own: an archive of `app-errors.jsonl.1`, whose records had moved on to
// `app-errors.jsonl.2` meanwhile (rotations only move a backup up), was not found there and was put in place as
// `app-errors.jsonl.1.gz`, so those records were kept twice, and a joined copy (`.gz.<pid>.0.tmp`) was removed
// unread. Now only the archives of the handler's own period files are dealt with.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { TimedRotatingFileHandler } from '../src/index.js';
import { deadPid, putDue, recordLines, tempFolders } from './support/leftover-archives.js';

const folder = tempFolders('logbook-another-log-');

/** Waits until `name` is in `dir`. */
async function made(dir: string, name: string): Promise<void> {
  const names = (): string[] => readdirSync(dir).sort();
  await waitUntil(`${name} to be made`, () => names().includes(name), { seen: () => names().join(', ') });
}

describe('TimedRotatingFileHandler beside another log whose name begins alike', () => {
  it('compresses its own past file and leaves the other log’s files, unfinished archives included, as they are', async () => {
    const dir = folder();
    const pid = deadPid();
    putDue(dir, 'app-2026-01-01.jsonl', recordLines('day1', 1, 50));
    // app-errors.jsonl rotated by size: its backup .1 became .2 while an ended process was compressing it.
    const errors = recordLines('errors', 1, 100);
    putDue(dir, 'app-errors.jsonl.2', errors);
    const ofBackup = gzipSync(errors);
    putDue(dir, `app-errors.jsonl.1.gz.${pid}.1.tmp`, ofBackup);
    // A file someone left, with a temporary named like a joined copy.
    const notes = gzipSync(recordLines('notes', 1, 10));
    putDue(dir, `app-notes.txt.gz.${pid}.0.tmp`, notes);

    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, link: false });
    // A pass deals with unfinished archives first, then compresses.
    await made(dir, 'app-2026-01-01.jsonl.gz');
    await handler.close();

    const names = readdirSync(dir).sort();
    expect(names.filter((name) => !/^app-\d{4}/.test(name))).toEqual([
      'app-errors.jsonl.1.gz.' + String(pid) + '.1.tmp',
      'app-errors.jsonl.2',
      'app-notes.txt.gz.' + String(pid) + '.0.tmp',
    ]);
    expect(names).toContain('app-2026-01-01.jsonl.gz');
    expect(names).not.toContain('app-2026-01-01.jsonl');
    expect(readFileSync(join(dir, 'app-errors.jsonl.2'), 'utf8')).toBe(errors);
    expect(readFileSync(join(dir, `app-errors.jsonl.1.gz.${pid}.1.tmp`))).toEqual(ofBackup);
    expect(readFileSync(join(dir, `app-notes.txt.gz.${pid}.0.tmp`))).toEqual(notes);
  }, 15_000);
});
