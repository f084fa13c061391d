// `tail -f` takes each file's size when it prints the last lines, then starts following. When logrotate renamed
// access.log to access.log.1 in between, the follower looked the files up again by name, gave the new access.log
// the renamed file's offset and read access.log.1 from its start: yesterday's lines were printed again as new, and
// the new file's first lines were lost. Given the identity the file had when its size was taken, it reads each
// file from where it was left.
import { describe, expect, it } from 'vitest';
import { appendFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers/records.js';
import { Follower, type Appended } from '../src/serve/follower.js';
import { fileIdentity } from '../src/file-identity.js';
import { numberedLine as line } from './support/numbered-access-lines.js';

describe('a follower started after a rotation it did not see', () => {
  it('reads only what was added: the renamed file from its offset, the new one from its start', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(log, line(1) + line(2) + line(3));
    const stats = statSync(log);
    const known = [{ file: log, format: 'access', size: stats.size, identity: fileIdentity(stats) }];
    // logrotate, between the size being taken and the follower starting
    renameSync(log, join(dir, 'access.log.1'));
    appendFileSync(join(dir, 'access.log.1'), line(4)); // written by the server before it reopened its log
    writeFileSync(log, line(5));

    const batches: Appended[] = [];
    const follower = new Follower([dir], (batch) => {
      batches.push(...batch);
      return Promise.resolve();
    });
    follower.start(known);
    try {
      await follower.poll();
    } finally {
      follower.stop();
    }
    const read = batches.flatMap((b) => b.lines.toString().match(/\/page-\d+/g) ?? []).sort();
    expect(read).toEqual(['/page-4', '/page-5']);
  });
});
