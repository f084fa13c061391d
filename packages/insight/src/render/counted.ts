/** `1 ticket`, `2 tickets`, `1,204 server errors`: a count with thousands separators and its noun in the right number. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * `0.4`, `78.6`, `1,048.0`: milliseconds with one decimal always, so a right-aligned column lines up on the point
 * (mixing `125` and `137.9` reads as if one were rounder than the other).
 */
export function millis(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
