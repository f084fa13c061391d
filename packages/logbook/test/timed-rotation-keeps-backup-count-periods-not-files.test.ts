// TimedRotatingFileHandler's backupCount counts past periods, not files. One period can have more than one file:
// its archive and its file made again by a write after it was compressed (see docs/files-and-durability.md,
// "Timed rotation"), or hourly files left by an earlier hourly setup in a folder now rotated daily. Counting
// files, `backupCount: 2` kept one day and removed the day before it, so a user asking for two days got one.
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TimedRotatingFileHandler } from '../src/index.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folderWith(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-timed-periods-'));
  folders.push(dir);
  for (const name of files) {
    const line = `${name}\n`;
    writeFileSync(join(dir, name), name.endsWith('.gz') ? gzipSync(line) : line);
  }
  return dir;
}

const today = (): string => new Date().toISOString().slice(0, 10);
const pastFilesIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => !name.includes(today()))
    .sort();

describe('TimedRotatingFileHandler backupCount', () => {
  it('keeps a period’s archive and its file made again as one period', () => {
    const dir = folderWith([
      'app-2026-01-01.jsonl.gz',
      'app-2026-01-02.jsonl.gz',
      'app-2026-01-02.jsonl', // a late write after 01-02 was compressed
      'app-2026-01-03.jsonl.gz',
      'app-2026-01-03.jsonl',
    ]);
    new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { backupCount: 2, link: false }).close();
    expect(pastFilesIn(dir)).toEqual([
      'app-2026-01-02.jsonl',
      'app-2026-01-02.jsonl.gz',
      'app-2026-01-03.jsonl',
      'app-2026-01-03.jsonl.gz',
    ]);
  });

  it('counts the hours an earlier hourly setup left as the day they belong to when rotating daily', () => {
    const dir = folderWith([
      'app-2026-01-01.jsonl',
      'app-2026-01-02-00.jsonl',
      'app-2026-01-02-13.jsonl.gz',
      'app-2026-01-02-23.jsonl',
      'app-2026-01-03.jsonl',
    ]);
    new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { backupCount: 2, link: false }).close();
    expect(pastFilesIn(dir)).toEqual([
      'app-2026-01-02-00.jsonl',
      'app-2026-01-02-13.jsonl.gz',
      'app-2026-01-02-23.jsonl',
      'app-2026-01-03.jsonl',
    ]);
  });

  it('counts each hour as a period when rotating hourly', () => {
    const dir = folderWith([
      'app-2026-01-02-21.jsonl.gz',
      'app-2026-01-02-22.jsonl',
      'app-2026-01-02-23.jsonl',
    ]);
    new TimedRotatingFileHandler(join(dir, 'app.jsonl'), {
      interval: 'hourly',
      backupCount: 2,
      link: false,
    }).close();
    expect(pastFilesIn(dir)).toEqual(['app-2026-01-02-22.jsonl', 'app-2026-01-02-23.jsonl']);
  });
});
