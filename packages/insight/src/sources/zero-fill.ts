import { boundedLines, isLongLine } from './bounded-lines.js';

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
 * The text after the run of each line that starts with NUL bytes, when that text is not empty and no longer than
 * `max` bytes (a CR before its line feed left out, as every reader does): the line the server wrote after the
 * zeros. `which` is 'long' for only the lines longer than `max`, the ones a reader that refuses such lines lost
 * with their run (it reads a shorter one whole). A run is counted, never held: after a `copytruncate` it is as long
 * as the log was.
 */
export async function linesAfterZeroRuns(
  file: string,
  gzip: boolean,
  max: number,
  which: 'all' | 'long',
): Promise<Buffer[]> {
  const found: Buffer[] = [];
  for await (const lines of boundedLines(file, gzip, max))
    for (const line of lines) {
      if (isLongLine(line)) {
        // (a long line's text is kept only after a run: without one, the text is the whole line, over `max`)
        if (line.text !== undefined && line.text.length > 0) found.push(line.text);
      } else if (which === 'all') {
        const zeros = zeroRun(line);
        // a copy: the line is a view into a read
        if (zeros > 0 && zeros < line.length) found.push(Buffer.from(line.subarray(zeros)));
      }
    }
  return found;
}
