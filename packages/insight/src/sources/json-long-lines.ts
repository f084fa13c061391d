import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundedLines, isLongLine } from './bounded-lines.js';
import { MAX_JSON_LINE } from './json-value.js';

/**
 * What stands in the copy for a line longer than MAX_JSON_LINE: no JSON, so both DuckDB readers give it one row of
 * NULLs and it is counted as a skipped line, on its own line number (the samples are judged on the original file).
 */
const STAND_IN = Buffer.from('-');

/**
 * Whether an error is DuckDB's JSON reader stopping at a line longer than it can hold (about twice its
 * maximum_object_size), which with ignore_errors still ends the whole read.
 */
export function isOverlongJsonLineError(error: unknown): boolean {
  return error instanceof Error && error.message.includes('"maximum_object_size"');
}

/**
 * Runs `read` on the file, and should DuckDB's reader stop at a line too long for it, again on an uncompressed copy
 * whose lines longer than MAX_JSON_LINE are a stand-in each: malformed input never stops a report. Such a line is
 * then skipped, as `tail` skips it (a line between MAX_JSON_LINE and DuckDB's limit in a file without a longer one
 * is read by the first `read`). `read` must stop, if it does, before it changes anything: its first reads are of the
 * file.
 */
export async function readingOverlongLinesApart<T>(
  file: string,
  gzip: boolean,
  read: (file: string, gzip: boolean) => Promise<T>,
): Promise<T> {
  try {
    return await read(file, gzip);
  } catch (e) {
    if (!isOverlongJsonLineError(e)) throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'logbook-long-lines-'));
  try {
    const copy = join(dir, 'lines.jsonl');
    await copyWithoutOverlongLines(file, gzip, copy);
    return await read(copy, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Copies a file's lines, each longer than MAX_JSON_LINE bytes (a CR before its line feed not counted, as the
 * samples count) as STAND_IN, one write a read. A long line is never held whole (see boundedLines). The copy's lines
 * lose the CR before their line feed, and its last line gains one: blanks to the JSON reader either way.
 */
async function copyWithoutOverlongLines(file: string, gzip: boolean, copy: string): Promise<void> {
  const out = createWriteStream(copy);
  try {
    for await (const lines of boundedLines(file, gzip, MAX_JSON_LINE)) {
      const parts = lines.flatMap((line) => [isLongLine(line) ? STAND_IN : line, NEWLINE]);
      if (!out.write(Buffer.concat(parts))) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

const NEWLINE = Buffer.from('\n');
