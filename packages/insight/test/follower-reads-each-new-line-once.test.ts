// What the dashboard's follower hands on as a log changes under it: every complete new line once, a half-written
// line when it ends, a file truncated in place (copytruncate) from its start, a new file whole once its lines can
// be read, and never an archive's compressed bytes. Each test writes, then polls itself: no timer or watch event
// is waited for (the interval is an hour).
import { describe, expect, it } from 'vitest';
import { appendFileSync, linkSync, mkdirSync, writeFileSync, truncateSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { waitUntil } from '../../../test/support/wait-until.js';
import { tempDir } from './helpers/records.js';
import { Follower, type Appended } from '../src/serve/follower.js';
import { SITE, caddyLine } from './support/server-json-logs.js';
import { numberedLine as line, numberedLines as lines } from './support/numbered-access-lines.js';

/** A follower of `inputs` started at the current end of `known` (as the dashboard starts after its load). */
function follow(
  inputs: string[],
  known: { file: string; format: string }[],
  onLines?: (batch: Appended[]) => Promise<void>,
): { follower: Follower; read: () => string[]; batches: Appended[] } {
  const batches: Appended[] = [];
  const follower = new Follower(
    inputs,
    onLines ??
      ((batch) => {
        batches.push(...batch);
        return Promise.resolve();
      }),
    { intervalMs: 3_600_000 },
  );
  follower.start(known);
  const read = (): string[] => batches.flatMap((b) => b.lines.toString().match(/\/page-\d+/g) ?? []);
  return { follower, read, batches };
}

describe('the follower', () => {
  it('hands on appended lines once each, and a half-written line only once it ends', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    const { follower, read, batches } = follow([dir], [{ file: log, format: 'access' }]);
    try {
      appendFileSync(log, line(3) + line(4).slice(0, 30));
      await follower.poll();
      expect(read()).toEqual(['/page-3']);
      appendFileSync(log, line(4).slice(30, 60)); // still no line feed
      await follower.poll();
      expect(batches).toHaveLength(1);
      appendFileSync(log, line(4).slice(60) + line(5));
      await follower.poll();
      await follower.poll();
      expect(read()).toEqual(['/page-3', '/page-4', '/page-5']);
      expect(batches.map((b) => [b.file, b.format])).toEqual([
        [log, 'access'],
        [log, 'access'],
      ]);
      expect(Buffer.concat(batches.map((b) => b.lines)).toString()).toBe(lines(3, 5));
    } finally {
      follower.stop();
    }
  });

  it('reads a file truncated in place (copytruncate) again from its start', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 5));
    const { follower, read } = follow([dir], [{ file: log, format: 'access' }]);
    try {
      truncateSync(log, 0);
      appendFileSync(log, line(6));
      await follower.poll();
      expect(read()).toEqual(['/page-6']);
    } finally {
      follower.stop();
    }
  });

  it('reads a new file in a followed folder whole, once its lines can be told apart', async () => {
    const dir = tempDir('follow-');
    const { follower, read, batches } = follow([dir], []);
    try {
      writeFileSync(join(dir, 'new.log'), line(1).slice(0, 12)); // no format can be told from this
      await follower.poll();
      appendFileSync(join(dir, 'new.log'), line(1).slice(12) + line(2));
      await follower.poll();
      expect(read()).toEqual(['/page-1', '/page-2']);
      expect(batches[0]!.format).toBe('access');
    } finally {
      follower.stop();
    }
  });

  it('never hands on a gzipped archive written into a followed folder', async () => {
    const dir = tempDir('follow-');
    const { follower, batches } = follow([dir], []);
    try {
      writeFileSync(join(dir, 'access.log.2.gz'), gzipSync(lines(1, 3)));
      await follower.poll();
      appendFileSync(join(dir, 'access.log.2.gz'), gzipSync(lines(4, 5)));
      await follower.poll();
      expect(batches).toEqual([]);
    } finally {
      follower.stop();
    }
  });

  it('reads a file named twice (a hard link beside it) once', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    linkSync(log, join(dir, 'also.log'));
    const { follower, read } = follow([dir], [{ file: log, format: 'access' }]);
    try {
      appendFileSync(log, line(3));
      await follower.poll();
      expect(read()).toEqual(['/page-3']);
    } finally {
      follower.stop();
    }
  });

  it('reads lines written while it hands on a batch before the poll ends, when asked to poll meanwhile', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    const seen: string[] = [];
    const { follower } = follow([dir], [{ file: log, format: 'access' }], (batch) => {
      seen.push(...batch.flatMap((b) => b.lines.toString().match(/\/page-\d+/g) ?? []));
      if (seen.length === 1) {
        appendFileSync(log, line(4));
        void follower.poll(); // a watch event while the batch is being added
      }
      return Promise.resolve();
    });
    try {
      appendFileSync(log, line(3));
      await follower.poll();
      expect(seen).toEqual(['/page-3', '/page-4']);
    } finally {
      follower.stop();
    }
  });

  it('says what failed when a batch cannot be added, and goes on with the next poll', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    const errors: string[] = [];
    let calls = 0;
    const follower = new Follower(
      [dir],
      () => (++calls === 1 ? Promise.reject(new Error('database is locked')) : Promise.resolve()),
      { intervalMs: 3_600_000, onError: (e) => errors.push(e.message) },
    );
    follower.start([{ file: log, format: 'access' }]);
    try {
      appendFileSync(log, line(3));
      await follower.poll();
      expect(errors).toEqual(['database is locked']);
      appendFileSync(log, line(4));
      await follower.poll();
      expect([calls, errors.length]).toEqual([2, 1]);
    } finally {
      follower.stop();
    }
  });

  it('reads nothing once stopped', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    const { follower, batches } = follow([dir], [{ file: log, format: 'access' }]);
    follower.stop();
    appendFileSync(log, line(3));
    await follower.poll();
    expect(batches).toEqual([]);
  });

  it('hands on new JSONL records and JSON access lines with their formats', async () => {
    const dir = tempDir('follow-');
    const { follower, batches } = follow([dir], []);
    try {
      writeFileSync(
        join(dir, 'app.jsonl'),
        `${JSON.stringify({ v: 1, time: '2026-11-22T10:00:00.000Z', level: 'INFO', message: 'up' })}\n`,
      );
      writeFileSync(join(dir, 'caddy.log'), `${caddyLine(SITE[0]!)}\n`);
      await follower.poll();
      expect(batches.map((b) => [b.file, b.format])).toEqual([
        [join(dir, 'app.jsonl'), 'jsonl'],
        [join(dir, 'caddy.log'), 'json-access'],
      ]);
    } finally {
      follower.stop();
    }
  });

  it('hands on one batch at a time: a poll asked for meanwhile waits for the batch before it', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    let release: () => void = () => undefined;
    const handed: string[][] = [];
    const { follower } = follow([dir], [{ file: log, format: 'access' }], (batch) => {
      handed.push(batch.flatMap((b) => b.lines.toString().match(/\/page-\d+/g) ?? []));
      return handed.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    });
    try {
      appendFileSync(log, line(3));
      const first = follower.poll();
      appendFileSync(log, line(4));
      await follower.poll();
      expect(handed).toEqual([['/page-3']]);
      release();
      await first;
      expect(handed).toEqual([['/page-3'], ['/page-4']]);
    } finally {
      follower.stop();
    }
  });

  it('a batch that cannot be added, with nowhere to report it, does not make the poll fail', async () => {
    const dir = tempDir('follow-');
    const log = join(dir, 'access.log');
    writeFileSync(log, lines(1, 2));
    const follower = new Follower([dir], () => Promise.reject(new Error('database is locked')), {
      intervalMs: 3_600_000,
    });
    follower.start([{ file: log, format: 'access' }]);
    try {
      appendFileSync(log, line(3));
      await expect(follower.poll()).resolves.toBeUndefined();
    } finally {
      follower.stop();
    }
  });
});

/** A generous deadline: it only ends a test that would otherwise hang. */
const LONG = { ms: 20_000 };

describe('the follower, on its own', () => {
  it('wakes when a file in a followed folder or glob changes, without waiting for its interval', async () => {
    for (const input of ['', '*.log']) {
      const dir = tempDir('follow-');
      const log = join(dir, 'access.log');
      writeFileSync(log, lines(1, 2));
      const { follower, read } = follow([join(dir, input)], [{ file: log, format: 'access' }]);
      try {
        appendFileSync(log, line(3));
        await waitUntil(`/page-3 from a watch on ${input || 'the folder'}`, () => read().length > 0, LONG);
        expect(read()).toEqual(['/page-3']);
      } finally {
        follower.stop();
      }
    }
  });

  it('finds a folder that did not exist when it started by its interval', async () => {
    const dir = join(tempDir('follow-'), 'later');
    const batches: Appended[] = [];
    const follower = new Follower(
      [join(dir, '*.log')],
      (batch) => {
        batches.push(...batch);
        return Promise.resolve();
      },
      { intervalMs: 20 },
    );
    follower.start([]);
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'access.log'), line(1));
      await waitUntil('the new folder’s line', () => batches.length > 0, LONG);
      expect(batches.map((b) => b.lines.toString())).toEqual([line(1)]);
    } finally {
      follower.stop();
    }
  });
});
