/**
 * The longest JSON line tail and the copy of refused lines (json-refused-lines.ts) take, in bytes: what DuckDB's JSON
 * reader is given as maximum_object_size. (It reads lines up to about twice that; a longer one stops the read with
 * an error.) An access line's limit is 1 MB.
 */
export const MAX_JSON_LINE = 16 * 1024 * 1024;

/** A JSON value as the access-log readers take it: a string or a number as its text, anything else as absent. */
export function jsonText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** jsonText with `-` and `""` (a server's "none") as absent too, as the table reader's coalesce takes them. */
export function presentText(v: unknown): string | undefined {
  const s = jsonText(v);
  return s === undefined || s === '' || s === '-' ? undefined : s;
}

/**
 * A number written as JSON writes one, as a JSONL record's `duration_ms` is read whether it is a number or text
 * (`12.5`, `"12.5"`, `"2e-05"`: DuckDB's text of a small number): no blanks, sign `-` only, no `NaN` or `Infinity`.
 */
export const NUMBER_TEXT = String.raw`-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?`;
const NUMBER_RE = new RegExp(`^${NUMBER_TEXT}$`);

/** A value's number by NUMBER_TEXT (a number or text), or undefined: none beyond a double (`1e400`) either. */
export function jsonNumber(v: unknown): number | undefined {
  const s = jsonText(v);
  const n = s !== undefined && NUMBER_RE.test(s) ? Number(s) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Whether a JSON text may hold a lone-surrogate escape (`"\ud800x"`): JSON.parse reads one, DuckDB's JSON reader
 * refuses the whole line. A quick test on the text; a pair (`\ud83d\ude00`) passes it too.
 */
export const maySpellSurrogate = (text: string): boolean => /\\u[dD][89a-fA-F]/.test(text);

/**
 * A parsed JSON value with every lone surrogate in its strings (keys too) as U+FFFD, as writing the text as UTF-8
 * turns it: what the report (which stores UTF-8) and tail both read of such a line.
 */
export function wellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormedJson);
  if (typeof value === 'object' && value !== null)
    // fromEntries defines each key, so a `__proto__` key stays a key, as JSON.parse made it
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(LONE_SURROGATE, '\ufffd'), wellFormedJson(v)]),
    );
  return value;
}

/** Whether any string of a parsed JSON value (keys too) holds a lone surrogate. */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return new RegExp(LONE_SURROGATE.source).test(value);
  // an array too: its keys are its indexes
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([k, v]) => hasLoneSurrogate(k) || hasLoneSurrogate(v));
  return false;
}
