// Waiting for something asynchronous to happen (a record written, a file grown, a notice printed) instead of
// sleeping for a guessed time: a sleep long enough on an idle machine is too short on a loaded one, and waiting
// for the condition itself returns as soon as it holds. The deadline only ends a test that would otherwise hang:
// it is generous, and it fails naming what was awaited and what was there instead.

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  /** How long to wait before failing, in milliseconds (default 10 s, well inside a test's 30 s). */
  ms?: number;
  /** What there was instead, for the failure message (called only on failure). */
  seen?: () => string;
  /** How often to ask, in milliseconds (default 10; more for a probe that costs, such as an HTTP request). */
  every?: number;
}

/**
 * Calls `probe` every 10 ms (or `every`) until it returns a value other than undefined or false, and returns that value.
 * Fails with "timed out after … waiting for <what>" (and what `seen` says) once the deadline passes.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
): Promise<T> {
  const ms = options.ms ?? 10_000;
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = options.seen === undefined ? '' : `; there was:\n${options.seen()}`;
      throw new Error(`timed out after ${ms} ms waiting for ${what}${seen}`);
    }
    await sleep(options.every ?? 10);
  }
}
