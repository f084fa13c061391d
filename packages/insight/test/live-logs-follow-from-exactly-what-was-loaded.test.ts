// The dashboard reads its logs, then follows them. A line written, or a rotation done by logrotate, while the logs
// were being read (a busy site writes all the time; a big log takes seconds to read) must be counted once: it was
// lost when following started at each file's size after the load, and a renamed file was read again from its start.
// The loader's progress hook makes the window exact: the test writes or rotates right after a file was read.
import { describe, expect, it } from 'vitest';
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from '../../../test/support/wait-until.js';
import { rows } from '../src/db.js';
import { LiveLogs } from '../src/serve/live-logs.js';
import { loadSources } from '../src/sources/load.js';
import { LoadExtents } from '../src/serve/loaded-extent.js';
import { Follower } from '../src/serve/follower.js';
import { tempDir } from './helpers/records.js';
import { numberedLine as line, numberedLines as lines } from './support/numbered-access-lines.js';

const pages = (...ranges: [number, number][]): string[] =>
  ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => `/page-${from + i}`)).sort();

/** Yesterday's log (1-4) and today's so far (10-15). The loader reads access.log first, then access.log.1. */
function logs(): string {
  const dir = tempDir('live-load-');
  writeFileSync(join(dir, 'access.log.1'), lines(1, 4));
  writeFileSync(join(dir, 'access.log'), lines(10, 15));
  return dir;
}

/**
 * Opens the logs in `dir`, calling `during` after the loader read the `at`-th file and `after` once it is open, then
 * follows them and gives the paths of every request counted, once the count reached `expected` (or failing with how
 * many were counted by then), and the lines counted as skipped. No timer polls (the interval is an hour): the writes come
 * before following starts, so no watch event wakes it either, and the polls are the test's own.
 */
async function counted(
  dir: string,
  at: number,
  during: () => void,
  expected: number,
  after?: () => void,
): Promise<{ paths: string[]; skipped: number }> {
  const live = await LiveLogs.open([dir], {
    pollMs: 3_600_000,
    onProgress: (done) => {
      if (done === at) during();
    },
  });
  try {
    after?.();
    const paths = async (): Promise<string[]> =>
      (await live.query((db) => rows(db, 'SELECT path FROM records ORDER BY path'))).map((r) =>
        String(r.path),
      );
    // A poll asked for while another runs returns at once: wait for that one (the count), not for time.
    await waitUntil(
      `${expected} requests counted`,
      async () => {
        await live.poll();
        return live.total >= expected;
      },
      { ms: 20_000, every: 20, seen: () => `${live.total} requests counted` },
    );
    await live.poll(); // once more: nothing else may come
    expect(live.total).toBe((await paths()).length);
    return { paths: await paths(), skipped: live.loaded.skipped.count + live.skippedLive };
  } finally {
    await live.close();
  }
}

describe('the dashboard follows its logs from exactly what it loaded', () => {
  it('a line written after the loader read its file is counted once', async () => {
    const dir = logs();
    const got = await counted(dir, 2, () => appendFileSync(join(dir, 'access.log'), line(16)), 11);
    expect(got.paths).toEqual(pages([1, 4], [10, 16]));
  });

  it('a line written before the loader reads its file is counted once', async () => {
    const dir = logs();
    const got = await counted(dir, 1, () => appendFileSync(join(dir, 'access.log.1'), line(5)), 11);
    expect(got.paths).toEqual(pages([1, 5], [10, 15]));
  });

  it('a line half written during the load is counted once when it ends, not as a malformed line', async () => {
    const dir = logs();
    const whole = line(16);
    const got = await counted(
      dir,
      2,
      () => appendFileSync(join(dir, 'access.log'), whole.slice(0, 40)),
      11,
      () => appendFileSync(join(dir, 'access.log'), whole.slice(40)),
    );
    expect(got).toEqual({ paths: pages([1, 4], [10, 16]), skipped: 0 });
  });

  it('a rotation during the load: each request once, from the renamed file and the new one', async () => {
    const dir = logs();
    const rotate = (): void => {
      renameSync(join(dir, 'access.log.1'), join(dir, 'access.log.2'));
      renameSync(join(dir, 'access.log'), join(dir, 'access.log.1'));
      appendFileSync(join(dir, 'access.log.1'), line(20)); // written by the server before it reopened
      writeFileSync(join(dir, 'access.log'), lines(21, 22));
    };
    const got = await counted(dir, 2, rotate, 13);
    expect(got.paths).toEqual(pages([1, 4], [10, 15], [20, 22]));
  });

  it('a rotation before the loader reads the second file: each request once', async () => {
    const dir = logs();
    const rotate = (): void => {
      renameSync(join(dir, 'access.log.1'), join(dir, 'access.log.2'));
      renameSync(join(dir, 'access.log'), join(dir, 'access.log.1'));
      appendFileSync(join(dir, 'access.log.1'), line(20));
      writeFileSync(join(dir, 'access.log'), lines(21, 22));
    };
    const got = await counted(dir, 1, rotate, 13);
    expect(got.paths).toEqual(pages([1, 4], [10, 15], [20, 22]));
  });
});

/**
 * The first load and the first follow, step by step, with `between` run after the files were pinned and before the
 * loader looks for them, and `during` after the loader read its `at`-th file: the paths loaded (with each file's
 * count) and the paths the follower then reads.
 */
async function loadThenFollow(
  dir: string,
  between: () => void,
  at: number,
  during: () => void,
): Promise<{ loaded: string[]; records: Record<string, number>; followed: string[] }> {
  const extents = new LoadExtents([dir]);
  between();
  const loaded = await loadSources([dir], {
    onProgress: (done, _total, file) => {
      extents.fileRead(file);
      if (done === at) during();
    },
  });
  try {
    const from = await extents.settle(loaded, {});
    const followed: string[] = [];
    const follower = new Follower(
      [dir],
      (batch) => {
        for (const b of batch)
          for (const m of b.lines.toString().matchAll(/GET (\S+)/g)) followed.push(m[1]!);
        return Promise.resolve();
      },
      { intervalMs: 3_600_000 },
    );
    follower.start(from);
    await follower.poll();
    follower.stop();
    const paths = (await rows(loaded, 'SELECT path FROM records ORDER BY path')).map((r) => String(r.path));
    const records = Object.fromEntries(loaded.files.map((f) => [f.file.slice(dir.length + 1), f.records]));
    return { loaded: paths, records, followed: followed.sort() };
  } finally {
    loaded.close();
  }
}

describe('a file that comes or goes while the dashboard reads its logs', () => {
  it('a file created just before the loader looks is read once, by the follower', async () => {
    const dir = logs();
    const got = await loadThenFollow(
      dir,
      () => writeFileSync(join(dir, 'other.log'), lines(30, 31)),
      0,
      () => {},
    );
    expect(got).toEqual({
      loaded: pages([1, 4], [10, 15]),
      records: { 'access.log': 6, 'access.log.1': 4, 'other.log': 0 },
      followed: pages([30, 31]),
    });
  });

  it('a file deleted after the loader read it keeps its requests', async () => {
    const dir = logs();
    const got = await loadThenFollow(
      dir,
      () => {},
      2,
      () => rmSync(join(dir, 'access.log.1')),
    );
    expect(got).toEqual({
      loaded: pages([1, 4], [10, 15]),
      records: { 'access.log': 6, 'access.log.1': 4 },
      followed: [],
    });
  });

  it('a file replaced after the loader read it: the old one keeps its requests, the new one is read once', async () => {
    const dir = logs();
    const got = await loadThenFollow(
      dir,
      () => {},
      1,
      () => replace(dir),
    );
    expect(got).toEqual({
      loaded: pages([1, 4], [10, 15]),
      records: { 'access.log': 6, 'access.log.1': 4 },
      followed: pages([40, 41]),
    });
  });

  it('a file replaced before the loader read it: the new one is read once', async () => {
    const dir = logs();
    const got = await loadThenFollow(
      dir,
      () => replace(dir),
      0,
      () => {},
    );
    expect(got).toEqual({
      loaded: pages([1, 4]),
      records: { 'access.log': 0, 'access.log.1': 4 },
      followed: pages([40, 41]),
    });
  });
});

/** access.log deleted and a new one written under its name. */
function replace(dir: string): void {
  rmSync(join(dir, 'access.log'));
  writeFileSync(join(dir, 'access.log'), lines(40, 41));
}
