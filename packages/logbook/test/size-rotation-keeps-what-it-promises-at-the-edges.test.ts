// RotatingFileHandler at the edges of its promises: a file rotates only when the next batch would take it past
// maxSize (a file exactly maxSize long is kept, an empty file is never rotated away), retention keeps backupCount
// files whatever form each has, and compression touches nothing when it is off, and waits 2 s after the last write
// when it is on. Mutation testing of handlers/rotating-file.ts showed that no test noticed any of these go.
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { JsonFormatter, Logger, RotatingFileHandler, TextFormatter } from '../src/index.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-size-edges-'));
  folders.push(dir);
  return dir;
}

const log = new Logger('edge');
/** Lines of exactly 10 bytes: "message 1\n". */
const tenBytes = new TextFormatter({ template: '{message}', stack: false });
const names = (dir: string): string[] => readdirSync(dir).sort();
const old = (path: string): void => {
  const time = new Date(Date.now() - 60_000);
  utimesSync(path, time, time);
};

describe('RotatingFileHandler', () => {
  it('has the documented defaults: 10 MiB files, 5 backups, no compression; one backup is allowed', () => {
    const dir = folder();
    const handler = new RotatingFileHandler(join(dir, 'app.jsonl'));
    expect([handler.maxSize, handler.backupCount, handler.compress]).toEqual([10 * 1024 * 1024, 5, false]);
    handler.close();
    const one = new RotatingFileHandler(join(dir, 'one.jsonl'), { backupCount: 1 });
    expect(one.backupCount).toBe(1);
    one.close();
  });

  it('keeps a file of exactly maxSize bytes, and rotates before the batch that would pass it', () => {
    const dir = folder();
    const handler = new RotatingFileHandler(join(dir, 'app.log'), {
      maxSize: 20,
      formatter: tenBytes,
      sync: true,
    });
    handler.bind(() => {
      log.info('message 1');
      log.info('message 2');
    });
    expect(names(dir)).toEqual(['app.log']);
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toBe('message 1\nmessage 2\n');
    handler.bind(() => log.info('message 3'));
    handler.close();
    expect(names(dir)).toEqual(['app.log', 'app.log.1']);
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toBe('message 3\n');
  });

  it('writes a line longer than maxSize into the fresh file, rotating no empty file away', () => {
    const dir = folder();
    const handler = new RotatingFileHandler(join(dir, 'app.jsonl'), {
      maxSize: 50,
      formatter: new JsonFormatter(),
      sync: true,
    });
    handler.bind(() => log.info('a record of well over fifty bytes'));
    handler.close();
    expect(names(dir)).toEqual(['app.jsonl']);
  });

  it('removes the oldest backup in either form, and moves archives along with plain backups', () => {
    const dir = folder();
    const path = join(dir, 'app.log');
    writeFileSync(`${path}.1`, 'newest backup\n');
    writeFileSync(`${path}.2.gz`, gzipSync('oldest backup\n'));
    writeFileSync(`${path}.2`, 'a plain oldest backup\n');
    const handler = new RotatingFileHandler(path, {
      maxSize: 20,
      backupCount: 2,
      formatter: tenBytes,
      sync: true,
    });
    handler.bind(() => {
      for (let n = 1; n <= 3; n++) log.info(`message ${n}`);
    });
    handler.close();
    expect(names(dir)).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('newest backup\n');

    const again = folder();
    const other = join(again, 'app.log');
    writeFileSync(`${other}.1.gz`, gzipSync('an archived backup\n'));
    const shifting = new RotatingFileHandler(other, {
      maxSize: 20,
      backupCount: 3,
      formatter: tenBytes,
      sync: true,
    });
    shifting.bind(() => {
      for (let n = 1; n <= 3; n++) log.info(`message ${n}`);
    });
    shifting.close();
    expect(names(again)).toEqual(['app.log', 'app.log.1', 'app.log.2.gz']);
    expect(gunzipSync(readFileSync(`${other}.2.gz`)).toString('utf8')).toBe('an archived backup\n');

    const single = folder();
    const only = join(single, 'app.log');
    writeFileSync(`${only}.1.gz`, gzipSync('the one backup, archived\n'));
    const one = new RotatingFileHandler(only, {
      maxSize: 20,
      backupCount: 1,
      formatter: tenBytes,
      sync: true,
    });
    one.bind(() => {
      for (let n = 1; n <= 3; n++) log.info(`message ${n}`);
    });
    one.close();
    expect(names(single)).toEqual(['app.log', 'app.log.1']);
  });

  it('compresses nothing without compress: true; with it, the last backup too, and one written to moments ago 2 s later', async () => {
    const plainDir = folder();
    writeFileSync(join(plainDir, 'app.log.1'), 'left by an earlier process\n');
    old(join(plainDir, 'app.log.1'));
    const plain = new RotatingFileHandler(join(plainDir, 'app.log'), {
      maxSize: 20,
      formatter: tenBytes,
      sync: true,
    });
    plain.bind(() => {
      for (let n = 1; n <= 3; n++) log.info(`message ${n}`); // a rotation
    });

    const dir = folder();
    const path = join(dir, 'app.log');
    writeFileSync(`${path}.5`, 'the oldest kept\n');
    old(`${path}.5`);
    writeFileSync(`${path}.2`, 'still being finished\n');
    // Written to by another process 3 s from now, as far as the pass (2 s from now) can tell: due 5 s from now, which
    // leaves the first pass 3 s to gzip the oldest backup before this one may be gzipped too.
    const soon = new Date(Date.now() + 3000);
    utimesSync(`${path}.2`, soon, soon);
    const handler = new RotatingFileHandler(path, { compress: true, backupCount: 5 });

    // Only the last of backupCount backups is there, left plain by an earlier process.
    const lastDir = folder();
    writeFileSync(join(lastDir, 'app.log.5'), 'the oldest kept\n');
    old(join(lastDir, 'app.log.5'));
    const last = new RotatingFileHandler(join(lastDir, 'app.log'), { compress: true, backupCount: 5 });

    const seen = (): string => names(dir).join(', ');
    await waitUntil('the first pass to gzip app.log.5', () => names(dir).includes('app.log.5.gz'), { seen });
    expect(names(dir)).toEqual(['app.log', 'app.log.2', 'app.log.5.gz']);
    await waitUntil('a later pass to gzip app.log.2', () => names(dir).includes('app.log.2.gz'), { seen });
    expect(names(dir)).toEqual(['app.log', 'app.log.2.gz', 'app.log.5.gz']);
    expect(names(lastDir)).toEqual(['app.log', 'app.log.5.gz']);
    await handler.close();
    await last.close();
    await plain.close();
    expect(names(plainDir)).toEqual(['app.log', 'app.log.1', 'app.log.2']);
  });
});
