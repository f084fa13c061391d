// A handler given an option it cannot honour refuses it at construction, with what was wrong, before it
// creates a file, removes old logs or holds records back.

import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AsyncHandler,
  FileHandler,
  RotatingFileHandler,
  TestHandler,
  TimedRotatingFileHandler,
} from '../src/index.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'logbook-options-'));

describe('bad handler options', () => {
  it('AsyncHandler refuses a batchSize that would never hand a record over', () => {
    for (const batchSize of [0, -1, 1.5, Number.NaN]) {
      expect(() => new AsyncHandler(new TestHandler(), { batchSize })).toThrow(
        /batchSize must be a whole number of at least 1/,
      );
    }
  });

  it('AsyncHandler refuses a maxQueue that could hold no record, saying what it got', () => {
    for (const maxQueue of [0, -1, 1.5, Number.NaN]) {
      expect(() => new AsyncHandler(new TestHandler(), { maxQueue })).toThrow(
        `maxQueue must be a whole number of at least 1, got ${String(maxQueue)}.`,
      );
    }
  });

  it('RotatingFileHandler refuses bad sizes without creating the file', () => {
    const dir = tempDir();
    const path = join(dir, 'app.jsonl');
    expect(() => new RotatingFileHandler(path, { maxSize: -1 })).toThrow(/maxSize must be a positive number/);
    expect(() => new RotatingFileHandler(path, { backupCount: 0 })).toThrow(
      /backupCount must be a whole number/,
    );
    expect(existsSync(path)).toBe(false);
  });

  it('TimedRotatingFileHandler refuses a negative retention instead of removing every past file', () => {
    const dir = tempDir();
    const past = join(dir, 'app-2020-01-01.jsonl');
    writeFileSync(past, '{}\n');
    const path = join(dir, 'app.jsonl');
    expect(() => new TimedRotatingFileHandler(path, { maxAgeDays: -1 })).toThrow(
      /maxAgeDays must be a positive number of days, got -1/,
    );
    expect(() => new TimedRotatingFileHandler(path, { backupCount: -1 })).toThrow(
      /backupCount must be a whole number of past periods to keep/,
    );
    expect(readdirSync(dir)).toEqual(['app-2020-01-01.jsonl']);
  });

  it('FileHandler says what to do when the path is a folder, or runs through a file', () => {
    const dir = tempDir();
    expect(() => new FileHandler(dir, { errors: 'throw' })).toThrow(
      /EISDIR.*the path names a folder, not a file: give a file path/,
    );
    writeFileSync(join(dir, 'logs'), 'not a folder');
    expect(() => new FileHandler(join(dir, 'logs', 'app.jsonl'), { errors: 'throw' })).toThrow(
      /the folder path is a file, not a folder: move that file or choose another path/,
    );
  });
});
