// Where record times come from. Tests and replays can set their own clock.

let now: () => number = Date.now;

/** The current time in milliseconds, from the configured clock. */
export function currentTime(): number {
  return now();
}

/** Sets the clock records take their time from (default Date.now); returns the previous one. */
export function setClock(clock: () => number): () => number {
  const previous = now;
  now = clock;
  return previous;
}
