import { openBytes } from './line-scan.js';

/**
 * What a run of NUL bytes at the start of a line is, for the reason a skipped line gives. A file system that lost a
 * crash's last writes leaves the file's new length zero-filled, and logrotate's `copytruncate` empties a file while
 * the server goes on writing at its old offset: either way the server's next line follows the zeros on one line.
 */
export const ZERO_FILL = 'zero-filled by a crash or copytruncate';

/** How many NUL bytes start a line. */
export function zeroRun(line: Buffer): number {
  let n = 0;
  while (line[n] === 0) n++; // (past the end is undefined)
  return n;
}

/**
 * The text after the run of each line longer than `max` bytes that starts with NUL bytes, when that text is no
 * longer than `max` (a CR before its line feed left out, as every reader does): the line the server wrote after the
 * zeros, which a reader that refuses lines longer than `max` lost with them. A run is counted, never held: after a
 * `copytruncate` it is as long as the log was.
 */
export async function linesAfterLongZeroRuns(file: string, gzip: boolean, max: number): Promise<Buffer[]> {
  const found: Buffer[] = [];
  let zeros = 0; // the current line's leading NUL bytes so far
  let inRun = true; // the current line has been nothing but NUL bytes so far
  let rest: Buffer[] = []; // what follows the run, while it may still be short enough
  let restLength = 0;
  const endLine = (): void => {
    if (zeros > 0 && restLength > 0 && restLength <= max + 1) {
      let text = Buffer.concat(rest);
      if (text[text.length - 1] === 13) text = text.subarray(0, -1);
      if (zeros + text.length > max && text.length > 0 && text.length <= max) found.push(text);
    }
    zeros = 0;
    inRun = true;
    rest = [];
    restLength = 0;
  };
  const stream = openBytes(file, gzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const end = nl < 0 ? chunk.length : nl;
        let from = start;
        if (inRun) {
          while (chunk[from] === 0) from++; // (the line feed at `end`, or past the chunk's end, stops it)
          zeros += from - start;
          inRun = from === end;
        }
        // a line without a run is passed over; the rest of one is kept to one byte past the limit (for a CR)
        if (zeros > 0 && !inRun && restLength <= max + 1) rest.push(Buffer.from(chunk.subarray(from, end)));
        restLength += end - from;
        if (nl < 0) break;
        endLine();
        start = nl + 1;
      }
    }
    endLine();
  } finally {
    stream.destroy();
  }
  return found;
}
