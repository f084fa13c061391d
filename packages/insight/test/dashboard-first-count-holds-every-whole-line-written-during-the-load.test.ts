// What the dashboard shows the moment it is up, before it has followed anything: every whole line the load found,
// even lines written to a file while the loader was reading the logs, and each malformed line counted once. The
// follower would catch up later either way; the first page and `/api/meta` are built from what the load kept.
// The loader's progress hook makes the window exact: the test writes right before or right after a file is read.
import { describe, expect, it } from 'vitest';
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { rows } from '../src/db.js';
import { LiveLogs } from '../src/serve/live-logs.js';
import { tempDir } from './helpers/records.js';
import { numberedLine as line, numberedLines as lines } from './support/numbered-access-lines.js';

/** Today's log (10-15) and yesterday's (1-4). The loader reads access.log first, then access.log.1. */
function logs(): string {
  const dir = tempDir('dashboard-first-count-');
  writeFileSync(join(dir, 'access.log.1'), lines(1, 4));
  writeFileSync(join(dir, 'access.log'), lines(10, 15));
  return dir;
}

/** Line `n` asking for a path made longer than the 64 KiB the last line feed is looked for in at a time. */
const longLine = (n: number): string => line(n).replace(`/page-${n}`, `/page-${n}?q=${'x'.repeat(100_000)}`);

interface Seen {
  total: number;
  pages: string[];
  skipped: { count: number; files: { file: string; count: number }[] };
}

async function seen(live: LiveLogs, dir: string): Promise<Seen> {
  const paths = await live.query((db) => rows(db, 'SELECT path FROM records ORDER BY path'));
  return {
    total: live.total,
    pages: paths.map((r) => String(r.path).replace(/\?.*/, '')),
    skipped: {
      count: live.loaded.skipped.count + live.skippedLive,
      files: live.loaded.skipped.files.map((f) => ({ file: f.file.slice(dir.length + 1), count: f.count })),
    },
  };
}

/**
 * Opens the logs with `during` run each time the loader has read a file (given how many it has read); gives what is
 * shown at once, and what is shown after `after` ran and the follower looked once (no timer polls: the interval is
 * an hour).
 */
async function firstAndFollowed(
  dir: string,
  during: (done: number) => void,
  after: () => void = () => {},
): Promise<{ first: Seen; followed: Seen }> {
  const live = await LiveLogs.open([dir], { pollMs: 3_600_000, onProgress: (done) => during(done) });
  try {
    const first = await seen(live, dir);
    after();
    await live.poll();
    return { first, followed: await seen(live, dir) };
  } finally {
    await live.close();
  }
}

const pages = (...numbers: number[]): string[] => numbers.map((n) => `/page-${n}`).sort();
const noneSkipped = { count: 0, files: [] };

describe('the dashboard, the moment it is up', () => {
  it('counts a line written to a file before the loader read it', async () => {
    const dir = logs();
    const got = await firstAndFollowed(dir, (done) => {
      if (done === 1) appendFileSync(join(dir, 'access.log.1'), line(5));
    });
    const all = { total: 11, pages: pages(1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15), skipped: noneSkipped };
    expect(got).toEqual({ first: all, followed: all });
  });

  it('counts the whole lines before a long line still being written, and the long line once it ends', async () => {
    const dir = logs();
    const long = longLine(6);
    const got = await firstAndFollowed(
      dir,
      (done) => {
        if (done === 1) appendFileSync(join(dir, 'access.log.1'), line(5) + long.slice(0, 90_000));
      },
      () => appendFileSync(join(dir, 'access.log.1'), long.slice(90_000)),
    );
    expect(got.first).toEqual({
      total: 11,
      pages: pages(1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15),
      skipped: noneSkipped,
    });
    expect(got.followed).toEqual({
      total: 12,
      pages: pages(1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15),
      skipped: noneSkipped,
    });
  });

  it('counts a malformed line written before the loader read its file once', async () => {
    const dir = logs();
    const got = await firstAndFollowed(dir, (done) => {
      if (done === 1) appendFileSync(join(dir, 'access.log.1'), `not an access line\n${line(5)}`);
    });
    const all = {
      total: 11,
      pages: pages(1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15),
      skipped: { count: 1, files: [{ file: 'access.log.1', count: 1 }] },
    };
    expect(got).toEqual({ first: all, followed: all });
  });

  it('counts a malformed line written after the loader read a file that had grown before, once', async () => {
    const dir = logs();
    // access.log.1 grows before it is read (so its rows are read again at the end of the load), then gets a
    // malformed line right after: the second reading finds it, and following starts after it.
    const got = await firstAndFollowed(dir, (done) => {
      if (done === 1) appendFileSync(join(dir, 'access.log.1'), line(5));
      if (done === 2) appendFileSync(join(dir, 'access.log.1'), 'not an access line\n');
    });
    const all = {
      total: 11,
      pages: pages(1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15),
      skipped: { count: 1, files: [{ file: 'access.log.1', count: 1 }] },
    };
    expect(got).toEqual({ first: all, followed: all });
  });

  it('keeps the requests of an archive still being compressed while the load ran', async () => {
    const dir = logs();
    // gzip writes its output as it goes: the archive grows between the pin and its reading. It is history, read
    // whole by the loader, never as lines of text.
    writeFileSync(join(dir, 'access.log.2.gz'), gzipSync(lines(20, 21)));
    const got = await firstAndFollowed(dir, (done) => {
      if (done === 1) appendFileSync(join(dir, 'access.log.2.gz'), gzipSync(lines(22, 23)));
    });
    const all = {
      total: 14,
      pages: pages(1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23),
      skipped: noneSkipped,
    };
    expect(got).toEqual({ first: all, followed: all });
  });

  it('counts a file replaced by another of the same size before it was read once, as the new one, on the first look', async () => {
    const dir = logs();
    const got = await firstAndFollowed(dir, (done) => {
      if (done !== 1) return;
      // Lines 5-8 are as long as lines 1-4: only the file's identity tells the two apart.
      writeFileSync(join(dir, 'new'), lines(5, 8));
      renameSync(join(dir, 'new'), join(dir, 'access.log.1'));
    });
    // A file new since the pin is the follower's to read, whole, at its first look.
    expect(got).toEqual({
      first: { total: 6, pages: pages(10, 11, 12, 13, 14, 15), skipped: noneSkipped },
      followed: { total: 10, pages: pages(5, 6, 7, 8, 10, 11, 12, 13, 14, 15), skipped: noneSkipped },
    });
  });

  it('keeps what it read of a file that grew and was then deleted during the load', async () => {
    const dir = logs();
    const got = await firstAndFollowed(dir, (done) => {
      if (done === 1) appendFileSync(join(dir, 'access.log.1'), line(5));
      if (done === 2) rmSync(join(dir, 'access.log.1'));
    });
    const all = { total: 11, pages: pages(1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15), skipped: noneSkipped };
    expect(got).toEqual({ first: all, followed: all });
  });

  it("keeps each file's malformed lines apart when one of them is read again", async () => {
    for (const grown of [line(5), `not an access line\n${line(5)}`]) {
      const dir = logs();
      appendFileSync(join(dir, 'access.log'), 'not an access line either\n');
      const got = await firstAndFollowed(dir, (done) => {
        if (done === 1) appendFileSync(join(dir, 'access.log.1'), grown);
      });
      const files = [{ file: 'access.log', count: 1 }];
      if (grown !== line(5)) files.push({ file: 'access.log.1', count: 1 });
      const all = {
        total: 11,
        pages: pages(1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15),
        skipped: { count: files.length, files },
      };
      expect(got).toEqual({ first: all, followed: all });
    }
  });
});
