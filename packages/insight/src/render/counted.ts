/** `1 ticket`, `2 tickets`, `1,204 server errors`: a count with thousands separators and its noun in the right number. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
