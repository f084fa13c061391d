import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBytes } from './line-scan.js';
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
 * samples count) as STAND_IN. A long line is never held whole: past the limit, its bytes are only passed over.
 */
async function copyWithoutOverlongLines(file: string, gzip: boolean, copy: string): Promise<void> {
  const out = createWriteStream(copy);
  const write = async (bytes: Buffer): Promise<void> => {
    if (!out.write(bytes)) await once(out, 'drain');
  };
  let line: Buffer[] = [];
  let length = 0;
  let last = 0; // the line's last byte
  const endLine = async (newline: boolean): Promise<void> => {
    const parts = length - (last === 13 ? 1 : 0) > MAX_JSON_LINE ? [STAND_IN] : line;
    for (const part of parts) await write(part);
    if (newline) await write(NEWLINE);
    line = [];
    length = 0;
    last = 0;
  };
  const stream = openBytes(file, gzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const end = nl < 0 ? chunk.length : nl;
        // one byte past the limit is kept, for the CR that may end it
        if (length <= MAX_JSON_LINE + 1) line.push(chunk.subarray(start, end));
        length += end - start;
        if (end > start) last = chunk[end - 1]!;
        if (nl < 0) break;
        await endLine(true);
        start = nl + 1;
      }
    }
    if (length > 0) await endLine(false);
  } finally {
    stream.destroy();
    out.end();
    await once(out, 'close');
  }
}

const NEWLINE = Buffer.from('\n');
