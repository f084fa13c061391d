// TimedRotatingFileHandler and periodOf at the edges of what docs/files-and-durability.md promises: period names
// and bounds in UTC and local time, a record at the very end of a period in the next file, retention that keeps
// the newest past files and never a future one, the link (or a real file in its place, left alone), no
// compression unless asked, and options refused with the reason. Mutation testing of
// handlers/timed-rotating-file.ts showed that no test noticed any of these go.
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogRecord, TimedRotatingFileHandler, periodOf, setClock } from '../src/index.js';

const folders: string[] = [];
const originalZone = process.env['TZ'];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (originalZone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = originalZone;
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-timed-edges-'));
  folders.push(dir);
  return dir;
}

const today = (): string => new Date().toISOString().slice(0, 10);
const names = (dir: string): string[] => readdirSync(dir).sort();

describe('periodOf', () => {
  it('names and bounds UTC periods, two digits each', () => {
    const time = Date.UTC(2026, 9, 10, 10, 30);
    expect(periodOf(time, 'daily', 'utc')).toEqual({
      start: Date.UTC(2026, 9, 10),
      end: Date.UTC(2026, 9, 11),
      key: '2026-10-10',
    });
    expect(periodOf(time, 'hourly', 'utc')).toEqual({
      start: Date.UTC(2026, 9, 10, 10),
      end: Date.UTC(2026, 9, 10, 11),
      key: '2026-10-10-10',
    });
    expect(periodOf(Date.UTC(2026, 0, 2, 3), 'hourly', 'utc').key).toBe('2026-01-02-03');
  });

  it('names and bounds local periods by the local calendar and wall clock', () => {
    process.env['TZ'] = 'America/New_York'; // UTC-4 in October
    const time = Date.UTC(2026, 9, 11, 2, 30); // 22:30 on the 10th in New York
    expect(periodOf(time, 'daily', 'local')).toEqual({
      start: Date.UTC(2026, 9, 10, 4),
      end: Date.UTC(2026, 9, 11, 4),
      key: '2026-10-10',
    });
    expect(periodOf(time, 'hourly', 'local')).toEqual({
      start: Date.UTC(2026, 9, 11, 2),
      end: Date.UTC(2026, 9, 11, 3),
      key: '2026-10-10-22',
    });
  });

  it('refuses a time no file can be named after, saying what to give', () => {
    expect(() => periodOf(Number.NaN, 'daily', 'utc')).toThrow(
      'periodOf: NaN is no time a period file can be named after; give milliseconds since the epoch of a date in the years 0000 to 9999 (what Date.now() returns).',
    );
  });
});

describe('TimedRotatingFileHandler', () => {
  it('refuses options with the reason, and takes backupCount 0; compress is off unless asked', () => {
    const path = join(folder(), 'app.jsonl');
    expect(() => new TimedRotatingFileHandler(path, { interval: 'weekly' as 'daily' })).toThrow(
      `interval must be 'daily' or 'hourly', got "weekly".`,
    );
    expect(() => new TimedRotatingFileHandler(path, { timeZone: 'Europe/Berlin' as 'utc' })).toThrow(
      `timeZone must be 'utc' or 'local', got "Europe/Berlin".`,
    );
    for (const maxAgeDays of [0, '3' as unknown as number]) {
      expect(() => new TimedRotatingFileHandler(path, { maxAgeDays })).toThrow(
        `maxAgeDays must be a positive number of days, got ${String(maxAgeDays)}.`,
      );
    }
    const none = new TimedRotatingFileHandler(path, { backupCount: 0 });
    expect([none.backupCount, none.compress]).toEqual([0, false]);
    none.close();
  });

  it('writes a record logged at the very end of a period into the next period’s file', () => {
    const dir = folder();
    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), {
      interval: 'hourly',
      sync: true,
      link: false,
    });
    const end = periodOf(Date.now(), 'hourly', 'utc').end;
    handler.emit(new LogRecord(end, 30, 'edge', 'at the end'));
    handler.close();
    const next = `app-${periodOf(end, 'hourly', 'utc').key}.jsonl`;
    expect(readFileSync(join(dir, next), 'utf8')).toContain('"at the end"');
  });

  it('keeps the newest past files by backupCount, and never removes a file of a future period', () => {
    const dir = folder();
    for (const day of ['2026-01-01', '2026-01-03', '2026-01-02', '2099-01-01']) {
      writeFileSync(join(dir, `app-${day}.jsonl`), `${day}\n`);
    }
    const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { backupCount: 1, link: false });
    handler.close();
    expect(names(dir)).toEqual(
      ['app-2026-01-03.jsonl', 'app-2099-01-01.jsonl', `app-${today()}.jsonl`].sort(),
    );
  });

  it('links app.jsonl to the current file unless link: false, and leaves a real file there alone', () => {
    const noLink = folder();
    new TimedRotatingFileHandler(join(noLink, 'app.jsonl'), { link: false }).close();
    expect(names(noLink)).toEqual([`app-${today()}.jsonl`]);

    const older = folder();
    writeFileSync(join(older, 'app.jsonl'), 'written by an older setup\n');
    new TimedRotatingFileHandler(join(older, 'app.jsonl')).close();
    expect(lstatSync(join(older, 'app.jsonl')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(older, 'app.jsonl'), 'utf8')).toBe('written by an older setup\n');

    const linked = folder();
    new TimedRotatingFileHandler(join(linked, 'app.jsonl')).close();
    expect(lstatSync(join(linked, 'app.jsonl')).isSymbolicLink()).toBe(true);
  });

  it('compresses no past file without compress: true', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'app-2026-01-01.jsonl'), 'a past day\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'app-2026-01-01.jsonl'), old, old);
    // The records' clock stays on one day: a midnight during the wait named the file after one day and the check
    // after the next.
    const restoreClock = setClock(() => Date.UTC(2026, 5, 15, 12));
    try {
      const handler = new TimedRotatingFileHandler(join(dir, 'app.jsonl'), { link: false });
      await sleep(2600);
      await handler.close();
    } finally {
      setClock(restoreClock);
    }
    expect(names(dir)).toEqual(['app-2026-01-01.jsonl', 'app-2026-06-15.jsonl']);
  }, 10_000);
});
