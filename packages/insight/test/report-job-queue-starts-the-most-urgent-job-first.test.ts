// The report's sections are jobs on DuckDB connections. The command line has one connection: its jobs must run one
// at a time, the most urgent waiting one next (the overview's chain is what the report waits for longest), and a
// job that fails must fail the report with its own error rather than stall it.
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { closeDb, openDb, rows, type Db } from '../src/db.js';
import { jobQueue, type Runner } from '../src/report/job-queue.js';

/** A job that can be ended from outside, saying when it started. */
interface Held {
  name: string;
  started: boolean;
  end: () => void;
  job: (db: Db) => Promise<string>;
}
function held(name: string, started: string[]): Held {
  let end = (): void => undefined;
  const h: Held = {
    name,
    started: false,
    end: () => end(),
    job: () => {
      h.started = true;
      started.push(name);
      return new Promise<string>((resolve) => (end = () => resolve(name)));
    },
  };
  return h;
}

/**
 * Waits until the queue started `count` jobs in all. A queued job that may start does so at once (synchronously), and
 * the next after an end comes after promise callbacks and a setImmediate: no job can start later than that unseen.
 */
const startedCount = (started: string[], count: number): Promise<true> =>
  waitUntil(`${count} jobs started`, () => started.length >= count, { seen: () => started.join(', ') });

describe('the report job queue', () => {
  let db: Db;
  /** A runner on the one connection, counting the most jobs it ran at once. */
  const runner = (): { run: Runner; most: () => number } => {
    let running = 0;
    let most = 0;
    const run: Runner = async (job) => {
      running++;
      most = Math.max(most, running);
      try {
        return await job(db);
      } finally {
        running--;
      }
    };
    return { run, most: () => most };
  };
  beforeAll(async () => {
    db = await openDb();
  });
  afterAll(() => closeDb(db));

  it('runs one job at a time on one lane, the most urgent waiting job next, ties in the order queued', async () => {
    const { run, most } = runner();
    const queue = jobQueue(run, 1);
    const started: string[] = [];
    const first = held('first', started);
    const jobs = [first, held('later', started), held('soon', started), held('soon too', started)];
    const urgency = [5, 2, 0, 0];
    const done = jobs.map((h, i) => queue(urgency[i]!, h.job));
    expect(started).toEqual(['first']);
    // Ends the job that runs; the queue then starts the next.
    for (let i = 1; i < jobs.length; i++) {
      jobs.find((h) => h.name === started.at(-1))!.end();
      await startedCount(started, i + 1);
      expect(started, 'one job starts when one ends').toHaveLength(i + 1);
    }
    jobs.find((h) => h.name === started.at(-1))!.end();
    expect(await Promise.all(done)).toEqual(['first', 'later', 'soon', 'soon too']);
    expect(started).toEqual(['first', 'soon', 'soon too', 'later']);
    expect(most()).toBe(1);
  });

  it('runs as many jobs at once as it has lanes, and every job at once without a bound', async () => {
    const { run, most } = runner();
    const two = jobQueue(run, 2);
    const started: string[] = [];
    const jobs = ['a', 'b', 'c'].map((n) => held(n, started));
    const done = jobs.map((h) => two(0, h.job));
    expect(started).toEqual(['a', 'b']);
    jobs[0]!.end();
    await startedCount(started, 3);
    expect(started).toEqual(['a', 'b', 'c']);
    jobs[1]!.end();
    jobs[2]!.end();
    expect(await Promise.all(done)).toEqual(['a', 'b', 'c']);
    expect(most()).toBe(2);

    const unbounded = jobQueue(run);
    const all = ['x', 'y', 'z', 'w'].map((n) => held(n, []));
    const ended = all.map((h, i) => unbounded(i, h.job));
    expect(all.map((h) => h.started)).toEqual([true, true, true, true]);
    for (const h of all) h.end();
    await Promise.all(ended);
  });

  it("fails a job with its own error and goes on with the next, which gets the queue's connection", async () => {
    const queue = jobQueue(runner().run, 1);
    const failing = queue(0, async (d) => rows(d, 'SELECT * FROM no_such_table'));
    const next = queue(1, async (d) => (await rows(d, 'SELECT 42 AS n'))[0]?.n);
    await expect(failing).rejects.toThrow(/no_such_table/);
    expect(await next).toBe(42);
  });
});
