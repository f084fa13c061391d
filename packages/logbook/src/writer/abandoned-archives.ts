// What becomes of an archive a process left unfinished when it ended (a crash, SIGKILL or power loss while
// gzipFile wrote `<file>.gz.<pid>.<n>.tmp`). Usually its file is still there, plain, and the archive is only a
// partial copy. But the file may have gone since (removed by hand, say), and then the archive holds the only copy
// of its records: it is removed only when its records are found elsewhere, and put in place as the file's
// archive otherwise (a half-written one rewritten with the whole lines it holds).

import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { constants, createGunzip, gzip } from 'node:zlib';
import { temporaryArchive, type AbandonedArchive } from './gzip.js';

const gzipped = promisify(gzip);

/** Where the records of an archive's file may be, and where the archive goes when they are nowhere else. */
export interface ArchiveHome {
  /** Plain files that may hold `file`'s records (one that begins with them does). */
  plainCopies(file: string): readonly string[];
  /** Archives that may hold them. */
  archives(file: string): readonly string[];
  /** Puts `archive`, complete and holding records found nowhere else, in place for `file`; false if it cannot. */
  adopt(archive: string, file: string): boolean;
}

/** Deals with `left` as above; one that `home.adopt` finds no place for stays where it is, with a notice. */
export async function tidyAbandonedArchive(left: AbandonedArchive, home: ArchiveHome): Promise<void> {
  let data: Buffer;
  try {
    data = readFileSync(left.temporary);
  } catch {
    return; // dealt with by another process meanwhile
  }
  const text = await readable(data);
  // Whole lines only: a line cut where the writer stopped is no record.
  const lines = text.subarray(0, text.lastIndexOf(0x0a) + 1);
  if (lines.length === 0 || (await heldElsewhere(lines, left.file, home))) {
    rmSync(left.temporary, { force: true });
    return;
  }
  // Written afresh, whole, under this process's name: if it ends meanwhile, the next process finds either.
  const archive = temporaryArchive(left.file);
  writeFileSync(archive, await gzipped(lines), { flag: 'wx' });
  rmSync(left.temporary, { force: true });
  if (home.adopt(archive, left.file)) return;
  notice(
    `${archive} holds records of ${left.file} found nowhere else, and there is no free name to keep them under; ` +
      'it is left as it is: gunzip it to read them.',
  );
}

async function heldElsewhere(lines: Buffer, file: string, home: ArchiveHome): Promise<boolean> {
  for (const plain of home.plainCopies(file)) if (beginsWith(plain, lines)) return true;
  for (const archive of home.archives(file)) {
    let data: Buffer;
    try {
      data = readFileSync(archive);
    } catch {
      continue;
    }
    if ((await readable(data)).includes(lines)) return true;
  }
  return false;
}

function beginsWith(path: string, lines: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const start = Buffer.alloc(lines.length);
    let read = 0;
    for (let n = -1; n !== 0 && read < start.length; read += n) {
      n = readSync(fd, start, read, start.length - read, read);
    }
    return read === lines.length && start.equals(lines);
  } finally {
    closeSync(fd);
  }
}

/** What can be read of a gzip stream (all its members), on the thread pool: up to where it stops or is damaged. */
function readable(data: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    // Z_SYNC_FLUSH: a stream that stops early yields what it holds instead of failing.
    const gunzip = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    gunzip.on('data', (chunk: Buffer) => chunks.push(chunk));
    gunzip.on('error', () => resolve(Buffer.concat(chunks)));
    gunzip.on('end', () => resolve(Buffer.concat(chunks)));
    gunzip.end(data);
  });
}

function notice(text: string): void {
  try {
    process.stderr.write(`logbook: ${text}\n`);
  } catch {
    // stderr is gone too.
  }
}
