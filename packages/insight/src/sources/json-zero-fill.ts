import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBlank, openBytes } from './line-scan.js';
import { refusedButReadable } from './json-refused-lines.js';
import { MAX_JSON_LINE } from './json-value.js';
import { linesAfterZeroRuns } from './zero-fill.js';

/**
 * Whether any line of the file starts with a NUL byte: the file does, or a line feed is followed by one. A native
 * search, no line splitting.
 */
async function mayHoldZeroRun(file: string, gzip: boolean): Promise<boolean> {
  let afterLineFeed = true; // the start of the file, or the previous read ended in a line feed
  // returning from inside the loop destroys the stream, which closes the file
  for await (const chunk of openBytes(file, gzip) as AsyncIterable<Buffer>) {
    if (chunk.length === 0) continue;
    if ((afterLineFeed && chunk[0] === 0) || chunk.includes(LINE_FEED_NUL)) return true;
    afterLineFeed = chunk[chunk.length - 1] === 10;
  }
  return false;
}

const LINE_FEED_NUL = Buffer.from([10, 0]);

/**
 * The lines a JSON lines file holds after runs of NUL bytes (a crash's zero-fill, or `copytruncate` of a log as long
 * as the run: see zero-fill.ts), written one a line to a temporary file for the same reader to read, as DuckDB's
 * reader takes a line led by NUL bytes for no JSON and loses the application's line with the run. Undefined when there
 * are none. Looked for only in a file with skipped lines, by a byte search first; a run is counted, never held. A
 * line DuckDB refuses but JSON.parse reads (a byte-order mark, a lone surrogate: see refusedButReadable) is written
 * as it is read.
 */
export async function jsonLinesAfterZeroRuns(
  file: string,
  gzip: boolean,
): Promise<{ file: string; remove(): void } | undefined> {
  if (!(await mayHoldZeroRun(file, gzip))) return undefined;
  const out: string[] = [];
  for (const line of await linesAfterZeroRuns(file, gzip, MAX_JSON_LINE, 'all')) {
    if (isBlank(line) || !isUtf8(line)) continue;
    const text = line.toString('utf8');
    const value = refusedButReadable(text, false);
    out.push(value === undefined ? text : JSON.stringify(value));
  }
  if (out.length === 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'logbook-after-zeros-'));
  const copy = join(dir, 'lines.jsonl');
  writeFileSync(copy, out.join('\n') + '\n');
  return { file: copy, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
