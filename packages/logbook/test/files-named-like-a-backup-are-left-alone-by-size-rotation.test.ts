// A RotatingFileHandler's backups are `<path>.1` … `<path>.<backupCount>`. A folder may hold other files named
// alike: `app.log.0` left by another tool (logrotate's `start 0`) or by hand, `app.log.01`, `app.log.old`. When such
// a file had an unfinished archive beside it (`app.log.0.gz.<pid>.<n>.tmp`, its process ended), the handler's
// first compression pass took that archive for one of its own: its records, found in no backup, were put in place
// as a backup (`app.log.1.gz`, taking the name of the handler's own unfinished archive), and the next rotations
// removed them by retention. Now only the archives of the handler's own backups are tidied; the others, and their
// files, are left as they are.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { Logger, RotatingFileHandler, TextFormatter } from '../src/index.js';
import { recordCountsIn } from './helpers.js';
import { deadPid, putDue, recordLines, tempFolders } from './support/leftover-archives.js';

const folder = tempFolders('logbook-not-a-backup-');

/** Waits until `name` is gone from `dir`. */
async function gone(dir: string, name: string): Promise<void> {
  const names = (): string[] => readdirSync(dir).sort();
  await waitUntil(`${name} to be gone`, () => !names().includes(name), { seen: () => names().join(', ') });
}

const log = new Logger('rotation');
const oneLinePerFile = new TextFormatter({ template: '{message}', stack: false });

describe('RotatingFileHandler and files named like its backups that are not', () => {
  it.each(['app.log.0', 'app.log', 'app.log.01', 'app.log.1e0', 'app.log.1.5', 'app.log.old'])(
    'leaves the unfinished archive of %s, and the file, as they are, through compression and rotation',
    async (file) => {
      const dir = folder();
      const pid = deadPid();
      const theirs = gzipSync(recordLines('theirs', 1, 100)); // records found nowhere else
      const foreign = `${file}.gz.${pid}.1.tmp`;
      if (file !== 'app.log') putDue(dir, file, recordLines('their-file', 1, 10));
      putDue(dir, foreign, theirs);
      // The handler's own unfinished archive of its backup 1, whose plain file is gone: it is put in place.
      const own = `app.log.1.gz.${pid}.2.tmp`;
      putDue(dir, own, gzipSync(recordLines('backup', 1, 100)));
      if (file !== 'app.log') putDue(dir, 'app.log', '');

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
      if (file !== 'app.log')
        expect(readFileSync(join(dir, file), 'utf8')).toBe(recordLines('their-file', 1, 10));
    },
    15_000,
  );
});
