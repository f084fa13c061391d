/** A JSON value as the access-log readers take it: a string or a number as its text, anything else as absent. */
export function jsonText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** jsonText with `-` and `""` (a server's "none") as absent too, as the table reader's coalesce takes them. */
export function presentText(v: unknown): string | undefined {
  const s = jsonText(v);
  return s === undefined || s === '' || s === '-' ? undefined : s;
}
