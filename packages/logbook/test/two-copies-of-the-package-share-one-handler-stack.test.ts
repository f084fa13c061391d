// A library and the application may each resolve their own copy of this package (two versions in node_modules,
// or two paths to one). Both must log to the one handler stack: a library's records reach the handlers the
// application pushed, and a handler a library binds sees the application's records. Here the second copy is the
// built package copied to a folder of its own, so Node loads every module of it afresh.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as logbook from '../src/index.js';
import { Logger, TestHandler } from '../src/index.js';

type Package = typeof logbook;

const here = dirname(fileURLToPath(import.meta.url));
let folder: string;
let copy: Package;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'logbook-second-copy-'));
  cpSync(join(here, '../dist'), join(folder, 'dist'), { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'logbook', type: 'module' }));
  copy = (await import(pathToFileURL(join(folder, 'dist/index.js')).href)) as Package;
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('two copies of logbook in one process', () => {
  it('a library’s copy logs to the handler the application pushed', () => {
    expect(copy.Logger).not.toBe(Logger); // really another copy
    const handler = new TestHandler();
    handler.pushApplication();
    try {
      new copy.Logger('library').warning('Cache {name} is full', { name: 'sessions' });
    } finally {
      handler.popApplication();
    }
    expect(handler.records.map((record) => `${record.channel}: ${record.message}`)).toEqual([
      'library: Cache sessions is full',
    ]);
  });

  it('a handler bound by the library’s copy takes the application’s records', () => {
    const handler = new copy.TestHandler();
    handler.bind(() => new Logger('app').info('Started'));
    expect(handler.records.map((record) => `${record.channel}: ${record.message}`)).toEqual(['app: Started']);
  });
});
