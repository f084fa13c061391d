import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBlank, lineChunks, openBytes } from './line-scan.js';
import { hasLoneSurrogate, MAX_JSON_LINE, maySpellSurrogate, wellFormedJson } from './json-value.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ESCAPES = [Buffer.from('\\ud'), Buffer.from('\\uD')];
/**
 * Line ends that may close a line cut where a value should follow (see waitsForValue), with either line break: the
 * character a value would follow, or blanks after it. A whole line ends in `}`, so a log with none of these needs no
 * line-by-line look.
 */
const CUT_ENDS = [':', '[', ',', ' ', '\t'].flatMap((c) => [Buffer.from(`${c}\n`), Buffer.from(`${c}\r\n`)]);

/** A line's text without the blanks and byte-order marks before it (files joined with `cat`, each with a mark). */
export const withoutLeadingMark = (text: string): string => text.replace(/^[ \t\ufeff]+/, '');

/**
 * Whether a line cut off where a value should follow (after `"key":`, `[` or a `,` in an array: a crash in the
 * middle of a write) leaves a JSON reader waiting for that value. DuckDB's then takes the next line for it and
 * loses that line too, though it is whole; JSON.parse reads it.
 */
export function waitsForValue(text: string): boolean {
  const open: string[] = [];
  let last = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') open.push(c);
    else if (c === '}' || c === ']') open.pop();
    last = c;
  }
  // (a line that ends inside a string has `"` last)
  return last === ':' || last === '[' || (last === ',' && open.at(-1) === '[');
}

/**
 * Whether a JSON line is one DuckDB's reader refuses but JSON.parse reads, and so both the report and tail read:
 * it starts with a byte-order mark, a string in it holds a lone-surrogate escape (`"\ud800x"`, which
 * JSON.stringify writes for an emoji cut in half), or the line before it waits for a value (`afterCut`, see
 * waitsForValue). Returns the parsed value, well-formed (see wellFormedJson), or undefined.
 */
export function refusedButReadable(text: string, afterCut: boolean): object | undefined {
  const marked = /^[ \t]*\ufeff/.test(text);
  if (!marked && !afterCut && !maySpellSurrogate(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(withoutLeadingMark(text));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (!marked && !afterCut && !hasLoneSurrogate(value)) return undefined;
  return wellFormedJson(value) as object;
}

/**
 * Whether the file's bytes hold a byte-order mark, a `\uD` escape or a line end that may follow a cut (CUT_ENDS)
 * anywhere: a native search, no parsing.
 */
async function mayHoldRefused(file: string, gzip: boolean): Promise<boolean> {
  let tail = Buffer.alloc(0);
  // returning from inside the loop destroys the stream, which closes the file
  for await (const chunk of openBytes(file, gzip) as AsyncIterable<Buffer>) {
    // the last bytes of the previous chunk, so a needle split between two chunks is found
    const buf = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    if (buf.includes(BOM) || ESCAPES.some((e) => buf.includes(e)) || CUT_ENDS.some((e) => buf.includes(e)))
      return true;
    tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 3)));
  }
  return false;
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
  let afterCut = false;
  for await (const chunk of lineChunks(file, gzip))
    for (const buf of chunk) {
      // a blank line is blanks to DuckDB's reader too: the value it waits for is on the next line with text
      if (isBlank(buf)) continue;
      const cut = afterCut;
      afterCut = false;
      if (buf.length > MAX_JSON_LINE) continue;
      const candidate = cut || buf.includes(BOM) || ESCAPES.some((e) => buf.includes(e));
      // only a line that does not end in `}` may be cut: no other line is decoded
      const mayBeCut = buf.at(-1) !== 0x7d;
      if ((!candidate && !mayBeCut) || !isUtf8(buf)) continue;
      const text = buf.toString('utf8');
      if (mayBeCut) afterCut = waitsForValue(text);
      const value = candidate ? refusedButReadable(text, cut) : undefined;
      if (value !== undefined) out.push(JSON.stringify(value));
    }
  if (out.length === 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'logbook-refused-'));
  const copy = join(dir, 'lines.jsonl');
  writeFileSync(copy, out.join('\n') + '\n');
  return { file: copy, lines: out.length, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
