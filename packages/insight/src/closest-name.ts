// A mistyped name (an option, a command) answered with the one likely meant, as git and npm do.

/** The known name nearest to `given` (at most two edits away, ignoring case), if any. */
export function closestName(given: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(given.toLowerCase(), name.toLowerCase());
    // A prefix counts as near too: --lim for --limit.
    const near = name.startsWith(given) && given.length >= 4 ? 1 : d;
    if (near < bestDistance) {
      best = name;
      bestDistance = near;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
