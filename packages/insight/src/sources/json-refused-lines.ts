import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineChunks, openBytes } from './line-scan.js';
import { hasLoneSurrogate, maySpellSurrogate, wellFormedJson } from './json-value.js';

const MAX_LINE = 1024 * 1024;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ESCAPES = [Buffer.from('\\ud'), Buffer.from('\\uD')];

/** A line's text without the blanks and byte-order marks before it (files joined with `cat`, each with a mark). */
export const withoutLeadingMark = (text: string): string => text.replace(/^[ \t\ufeff]+/, '');

/**
 * Whether a JSON line is one DuckDB's reader refuses but JSON.parse reads, and so both the report and tail read:
 * it starts with a byte-order mark, or a string in it holds a lone-surrogate escape (`"\ud800x"`, which
 * JSON.stringify writes for an emoji cut in half). Returns the parsed value, well-formed (see wellFormedJson), or
 * undefined.
 */
export function refusedButReadable(text: string): object | undefined {
  const marked = /^[ \t]*\ufeff/.test(text);
  if (!marked && !maySpellSurrogate(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(withoutLeadingMark(text));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (!marked && !hasLoneSurrogate(value)) return undefined;
  return wellFormedJson(value) as object;
}

/** Whether the file's bytes hold a byte-order mark or a `\uD` escape anywhere: a native search, no parsing. */
async function mayHoldRefused(file: string, gzip: boolean): Promise<boolean> {
  let tail = Buffer.alloc(0);
  const stream = openBytes(file, gzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // the last bytes of the previous chunk, so a needle split between two chunks is found
      const buf = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
      if (buf.includes(BOM) || ESCAPES.some((e) => buf.includes(e))) return true;
      tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 3)));
    }
    return false;
  } finally {
    stream.destroy();
  }
}

/**
 * The lines of a JSON lines file that DuckDB's reader refuses but JSON.parse reads (see refusedButReadable),
 * written well-formed and without the mark, one a line, to a temporary file for the same reader to read; undefined
 * when there are none. Looked for only in a file with skipped lines, by a byte search first.
 */
export async function refusedJsonLines(
  file: string,
  gzip: boolean,
): Promise<{ file: string; lines: number; remove(): void } | undefined> {
  if (!(await mayHoldRefused(file, gzip))) return undefined;
  const out: string[] = [];
  for await (const chunk of lineChunks(file, gzip))
    for (const buf of chunk) {
      if (buf.length > MAX_LINE || !(buf.includes(BOM) || ESCAPES.some((e) => buf.includes(e)))) continue;
      if (!isUtf8(buf)) continue;
      const value = refusedButReadable(buf.toString('utf8'));
      if (value !== undefined) out.push(JSON.stringify(value));
    }
  if (out.length === 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'logbook-refused-'));
  const copy = join(dir, 'lines.jsonl');
  writeFileSync(copy, out.join('\n') + '\n');
  return { file: copy, lines: out.length, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
