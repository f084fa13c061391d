// A field whose text was made from values: a captured console call is written as the text util.format makes of
// its arguments. Key-based redaction cannot see `password` in that text, only in the arguments, so the fields keep
// them (out of sight of every output) and redaction makes the text again from the arguments, redacted.

import type { Fields } from './template.js';

/** The values a field's text was made from, and how it was made. */
export interface TextSource {
  readonly key: string;
  readonly values: readonly unknown[];
  readonly format: (values: readonly unknown[]) => string;
}

// Symbol.for: a second copy of the package (another version in node_modules) shares the stack and its redaction.
const SOURCE = Symbol.for('logbook.textSource');

/** Fields `{ [key]: format(values) }` that remember what the text was made from. */
export function fieldsWithTextFrom(
  key: string,
  values: readonly unknown[],
  format: (values: readonly unknown[]) => string,
): Fields {
  const fields: Fields = { [key]: format(values) };
  // Not enumerable: no output writes it, and a copy of the fields (a processor's) leaves it behind.
  Object.defineProperty(fields, SOURCE, { value: { key, values, format } satisfies TextSource });
  return fields;
}

/** What a field's text was made from, when fieldsWithTextFrom made the fields. */
export function textSourceOf(fields: unknown): TextSource | undefined {
  if (typeof fields !== 'object' || fields === null) return undefined;
  return (fields as { [SOURCE]?: TextSource })[SOURCE];
}
