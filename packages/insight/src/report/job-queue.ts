import type { Db } from '../db.js';

/** Runs one job on a connection of the database; the dashboard passes its pool's, so sections run side by side. */
export type Runner = <T>(job: (db: Db) => Promise<T>) => Promise<T>;

/** Hands jobs to a runner, most urgent first. */
export type JobQueue = <T>(urgency: number, job: (db: Db) => Promise<T>) => Promise<T>;

interface Waiting {
  urgency: number;
  start: () => void;
}

/**
 * Hands at most `lanes` jobs at a time to `run`, and when one ends starts the most urgent waiting job (lowest
 * `urgency`, then first queued). A pool places a job on a connection when it is handed over, so handing it all the
 * jobs at once fixes their order early: a job that becomes ready late (the client figures, once the client
 * summary is built) would wait behind every job queued before it, though the report waits for it most. With one
 * job per connection in flight, each starts on a free one as soon as one frees. `lanes` unbounded hands every job
 * over at once (for a pool shared with other work, which places jobs itself).
 */
export function jobQueue(run: Runner, lanes = Number.POSITIVE_INFINITY): JobQueue {
  const waiting: Waiting[] = [];
  let running = 0;
  const next = (): void => {
    while (running < lanes && waiting.length > 0) {
      // Waiting jobs are in the order queued, so among equally urgent ones the first found is the first queued.
      let best = 0;
      for (let i = 1; i < waiting.length; i++) if (waiting[i]!.urgency < waiting[best]!.urgency) best = i;
      const [w] = waiting.splice(best, 1);
      running++;
      w!.start();
    }
  };
  return <T>(urgency: number, job: (db: Db) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({
        urgency,
        start: () => {
          run(job)
            .then(resolve, reject)
            .finally(() => {
              // After the jobs this one's end makes ready are queued (they are, in promise callbacks), so the
              // most urgent of them can go first.
              setImmediate(() => {
                running--;
                next();
              });
            });
        },
      });
      next();
    });
}
