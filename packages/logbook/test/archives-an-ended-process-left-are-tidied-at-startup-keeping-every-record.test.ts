// A process that ends (crash, SIGKILL, power loss) while compressing leaves `<file>.gz.<pid>.<n>.tmp`. Before the
// fix a RotatingFileHandler started later did nothing about it unless plain backups were there too (the tmp then
// stayed until its next rotation, maybe days away), and both handlers removed every such leftover unread: a
// complete archive whose plain file was gone held the only copy of its records, and they were lost. Now the next
// handler started with `compress: true` deals with each leftover in its first pass: removed when its records are
// still in a plain file or an archive, put in place as an archive otherwise (a half-written one with the whole
// lines it holds).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { RotatingFileHandler, TimedRotatingFileHandler } from '../src/index.js';
import { recordCountsIn } from './helpers.js';
import { deadPid, putDue, recordLines, tempFolders } from './support/leftover-archives.js';

const folder = tempFolders('logbook-leftover-archives-');
const lines = (channel: string, from: number, to: number): string =>
  recordLines(channel, from, to, 'x'.repeat(40));

/** The first part of a gzip stream: an archive whose writer ended in the middle. */
const halfOf = (archive: Buffer): Buffer => archive.subarray(0, Math.floor(archive.length / 2));

/** Waits until no `.tmp` and no name matching `plain` is left in `dir`; returns the names then. */
async function settled(dir: string, plain: RegExp): Promise<string[]> {
  const names = (): string[] => readdirSync(dir).sort();
  await waitUntil(
    `no unfinished archive and no file matching ${String(plain)}`,
    () => !names().some((name) => name.endsWith('.tmp') || plain.test(name)),
    { seen: () => names().join(', ') },
  );
  return names();
}

/** Channel → the numbers of its records found in `dir`'s archives and plain files, and how many were there twice. */
function contents(dir: string, take: (name: string) => boolean): Record<string, string> {
  const seen = recordCountsIn(dir, take);
  const byChannel: Record<string, number[]> = {};
  let twice = 0;
  for (const [key, count] of seen) {
    const [channel, n] = key.split(':') as [string, string];
    (byChannel[channel] ??= []).push(Number(n));
    if (count > 1) twice++;
  }
  const out: Record<string, string> = { twice: String(twice) };
  for (const [channel, numbers] of Object.entries(byChannel)) {
    numbers.sort((a, b) => a - b);
    out[channel] = `${numbers[0]}-${numbers.at(-1)} (${numbers.length})`;
  }
  return out;
}

describe('archives a process left unfinished when it ended', () => {
  it('RotatingFileHandler tidies them at startup, also with no plain backup, and keeps every record once', async () => {
    const dir = folder();
    const pid = deadPid();
    // Its plain file gone (removed by hand, say): a complete archive and a half-written one hold the only copies.
    const onlyCopy = gzipSync(lines('only', 1, 100));
    putDue(dir, `app.jsonl.1.gz.${pid}.1.tmp`, onlyCopy);
    putDue(dir, `app.jsonl.3.gz.${pid}.2.tmp`, halfOf(gzipSync(lines('half', 1, 2000))));
    // Records already in an archive that another process put in place.
    const placed = gzipSync(lines('placed', 1, 100));
    putDue(dir, 'app.jsonl.2.gz', placed);
    putDue(dir, `app.jsonl.2.gz.${pid}.3.tmp`, placed);
    // Records of another backup once numbered 2, found nowhere: .2.gz is taken, so they go to the next free number.
    putDue(dir, `app.jsonl.2.gz.${pid}.4.tmp`, gzipSync(lines('other', 1, 100)));
    putDue(dir, 'app.jsonl', '');

    const handler = new RotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, backupCount: 5 });
    const names = await settled(dir, /^app\.jsonl\.\d+$/);
    await handler.close();

    expect(names.filter((name) => name.includes('.tmp'))).toEqual([]);
    expect(names).toContain('app.jsonl.1.gz'); // the only copy, under the name it was being made for
    const found = contents(dir, (name) => /^app\.jsonl\.\d+\.gz$/.test(name));
    // Half of an archive of 2,000 records holds well over 100 whole ones, and no torn line (JSON.parse reads each).
    expect(Number(/\((\d+)\)/.exec(found.half ?? '')?.[1])).toBeGreaterThan(100);
    expect(found.half).toMatch(/^1-\d+ \(\d+\)$/);
    expect({ ...found, half: 'some' }).toEqual({
      twice: '0',
      only: '1-100 (100)',
      placed: '1-100 (100)',
      other: '1-100 (100)',
      half: 'some',
    });
    expect(names.filter((name) => name.endsWith('.gz'))).toEqual([
      'app.jsonl.1.gz',
      'app.jsonl.2.gz',
      'app.jsonl.3.gz',
      'app.jsonl.4.gz',
    ]);
  }, 15_000);

  it('RotatingFileHandler removes a leftover whose records are still in a plain backup, renamed since, and compresses that', async () => {
    const dir = folder();
    const pid = deadPid();
    putDue(dir, 'app.jsonl.2', lines('renamed', 1, 300)); // was .1 when the ended process began compressing it
    putDue(dir, `app.jsonl.1.gz.${pid}.1.tmp`, gzipSync(lines('renamed', 1, 300)));
    putDue(dir, `app.jsonl.2.gz.${pid}.2.tmp`, halfOf(gzipSync(lines('renamed', 1, 300))));
    putDue(dir, 'app.jsonl', '');

    // .2 is the last backup kept: it is looked at too.
    const handler = new RotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, backupCount: 2 });
    const names = await settled(dir, /^app\.jsonl\.\d+$/);
    await handler.close();

    expect(names).toEqual(['app.jsonl', 'app.jsonl.2.gz']);
    expect(contents(dir, (name) => name.startsWith('app.jsonl.'))).toEqual({
      twice: '0',
      renamed: '1-300 (300)',
    });
  }, 15_000);

  it('TimedRotatingFileHandler keeps a finished archive whose day file is gone, joins one to the day archive, and removes the rest', async () => {
    const dir = folder();
    const pid = deadPid();
    // Day 1: finished, its plain file gone, no archive yet: the only copy.
    putDue(dir, `app-2026-01-01.jsonl.gz.${pid}.1.tmp`, gzipSync(lines('day1', 1, 50)));
    // Day 2: an archive of earlier records, and a finished archive of a later file that is gone.
    putDue(dir, 'app-2026-01-02.jsonl.gz', gzipSync(lines('day2', 1, 50)));
    putDue(dir, `app-2026-01-02.jsonl.gz.${pid}.2.tmp`, gzipSync(lines('day2', 51, 80)));
    // ... and a copy of the archive with that one added that was never renamed into place (counter 0).
    putDue(
      dir,
      `app-2026-01-02.jsonl.gz.${pid}.0.tmp`,
      Buffer.concat([gzipSync(lines('day2', 1, 50)), gzipSync(lines('day2', 51, 80))]),
    );
    // Day 3: a half-written archive of a file that is still there.
    putDue(dir, 'app-2026-01-03.jsonl', lines('day3', 1, 500));
    putDue(dir, `app-2026-01-03.jsonl.gz.${pid}.3.tmp`, halfOf(gzipSync(lines('day3', 1, 500))));

    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { compress: true, link: false });
    const names = await settled(dir, /^app-2026-01-0\d\.jsonl$/);
    await handler.close();

    expect(names.filter((name) => name.startsWith('app-2026-01-0'))).toEqual([
      'app-2026-01-01.jsonl.gz',
      'app-2026-01-02.jsonl.gz',
      'app-2026-01-03.jsonl.gz',
    ]);
    expect(contents(dir, (name) => name.startsWith('app-2026-01-0'))).toEqual({
      twice: '0',
      day1: '1-50 (50)',
      day2: '1-80 (80)',
      day3: '1-500 (500)',
    });
  }, 15_000);
});
