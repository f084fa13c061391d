// A RotatingFileHandler's backups are `<path>.1` … `<path>.<backupCount>`. A folder may hold other files named
// alike: `app.log.0` left by another tool (logrotate's `start 0`) or by hand, `app.log.01`, `app.log.old`. When such
// a file had an unfinished archive beside it (`app.log.0.gz.<pid>.<n>.tmp`, its process ended), the handler's
// first compression pass took that archive for one of its own: its records, found in no backup, were put in place
// as a backup (`app.log.1.gz`, taking the name of the handler's own unfinished archive), and the next rotations
// removed them by retention. Now only the archives of the handler's own backups are tidied; the others, and their
// files, are left as they are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Logger, RotatingFileHandler, TextFormatter } from '../src/index.js';
import { recordCountsIn } from './helpers.js';

const folders: string[] = [];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logbook-not-a-backup-'));
  folders.push(dir);
  return dir;
}

const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

const lines = (channel: string, from: number, to: number): string => {
  let text = '';
  for (let n = from; n <= to; n++) {
    text += `${JSON.stringify({ time: '2026-01-02T00:00:00.000Z', level: 'INFO', channel, message: 'x', fields: { n } })}\n`;
  }
  return text;
};

/** Writes `name` in `dir`, last written a minute ago (due for compression). */
function put(dir: string, name: string, data: string | Buffer): void {
  writeFileSync(join(dir, name), data);
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, name), old, old);
}

/** Waits up to 6 s until `name` is gone from `dir`. */
async function gone(dir: string, name: string): Promise<void> {
  for (let waited = 0; waited < 6000 && readdirSync(dir).includes(name); waited += 100) await sleep(100);
}

const log = new Logger('rotation');
const oneLinePerFile = new TextFormatter({ template: '{message}', stack: false });

describe('RotatingFileHandler and files named like its backups that are not', () => {
  it.each(['app.log.0', 'app.log', 'app.log.01', 'app.log.1e0', 'app.log.1.5', 'app.log.old'])(
    'leaves the unfinished archive of %s, and the file, as they are, through compression and rotation',
    async (file) => {
      const dir = folder();
      const pid = deadPid();
      const theirs = gzipSync(lines('theirs', 1, 100)); // records found nowhere else
      const foreign = `${file}.gz.${pid}.1.tmp`;
      if (file !== 'app.log') put(dir, file, lines('their-file', 1, 10));
      put(dir, foreign, theirs);
      // The handler's own unfinished archive of its backup 1, whose plain file is gone: it is put in place.
      const own = `app.log.1.gz.${pid}.2.tmp`;
      put(dir, own, gzipSync(lines('backup', 1, 100)));
      if (file !== 'app.log') put(dir, 'app.log', '');

      const handler = new RotatingFileHandler(join(dir, 'app.log'), {
        compress: true,
        backupCount: 1,
        maxSize: 10,
        formatter: oneLinePerFile,
        sync: true,
      });
      await gone(dir, own);
      const afterPass = readdirSync(dir).sort();
      const backup = recordCountsIn(dir, (name) => name === 'app.log.1.gz');
      // Two rotations: retention removes the oldest backup twice.
      handler.bind(() => {
        log.info('first');
        log.info('second');
        log.info('third');
      });
      await handler.close();

      const expected = (...names: string[]): string[] =>
        [...names, foreign, ...(file === 'app.log' ? [] : [file])].sort();
      expect(afterPass).toEqual(expected('app.log', 'app.log.1.gz'));
      expect([...backup.keys()].every((key) => key.startsWith('backup:'))).toBe(true);
      expect(backup.size).toBe(100);
      expect(readdirSync(dir).sort()).toEqual(expected('app.log', 'app.log.1'));
      expect(readFileSync(join(dir, 'app.log.1'), 'utf8')).toBe('second\n');
      expect(readFileSync(join(dir, foreign))).toEqual(theirs);
      if (file !== 'app.log') expect(readFileSync(join(dir, file), 'utf8')).toBe(lines('their-file', 1, 10));
    },
    15_000,
  );
});
