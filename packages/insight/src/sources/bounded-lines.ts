import { openBytes } from './line-scan.js';

/**
 * A line longer than a reader's limit, as boundedLines gives it: the run of NUL bytes that starts it (a crash's
 * zero-fill, or `copytruncate` of a log as long as the run) counted, and the text after the run only when that is
 * within the limit: what the server wrote after the zeros.
 */
export interface LongLine {
  /** How many NUL bytes start the line. */
  zeros: number;
  /** How many bytes follow them (a CR before the line feed not counted). */
  length: number;
  /** Those bytes when no more than the limit, else undefined. */
  text: Buffer | undefined;
}

/**
 * The lines of a file (without the line feed, a CR before it left out, as every reader here), a read's worth at a
 * time: a Buffer for each line of at most `max` bytes, a LongLine for each longer one. A long line is never held
 * whole: its run of NUL bytes is counted, and of the text after them no more than `max` bytes and one read are kept,
 * so a zero-filled region of gigabytes costs no more memory than a line the reader takes. Buffers may be views into
 * a read: copy one to keep it past the next iteration.
 */
export async function* boundedLines(
  file: string,
  gzip: boolean,
  max: number,
): AsyncGenerator<(Buffer | LongLine)[]> {
  // The line not ended yet, when it started in an earlier read: its NUL bytes so far, then the reads of the rest.
  let zeros = 0;
  let inRun = true; // the line has been nothing but NUL bytes so far
  let rest: Buffer[] = [];
  let length = 0; // bytes after the run
  let last = 0; // the line's last byte after the run
  const endLine = (): Buffer | LongLine => {
    const textLength = length - (last === 13 ? 1 : 0);
    // (every read of the rest is kept while `length` is within max + 1, so the text is whole when it is in bounds)
    const line: Buffer | LongLine =
      zeros + textLength <= max
        ? Buffer.concat(zeros > 0 ? [Buffer.alloc(zeros), ...rest] : rest, zeros + textLength)
        : {
            zeros,
            length: textLength,
            text: textLength <= max ? Buffer.concat(rest, textLength) : undefined,
          };
    zeros = 0;
    inRun = true;
    rest = [];
    length = 0;
    last = 0;
    return line;
  };
  const stream = openBytes(file, gzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lines: (Buffer | LongLine)[] = [];
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(10, start);
        const end = nl < 0 ? chunk.length : nl;
        if (nl >= 0 && zeros === 0 && length === 0 && end - start <= max) {
          // the whole line in this read and in bounds, the common case: a view, as line-scan's lineChunks gives it
          lines.push(
            end > start && chunk[end - 1] === 13
              ? chunk.subarray(start, end - 1)
              : chunk.subarray(start, end),
          );
          start = nl + 1;
          continue;
        }
        let from = start;
        if (inRun) {
          from = firstNonZero(chunk, from, end);
          zeros += from - start;
          inRun = from === end;
        }
        if (from < end) {
          // a copy when the line goes on into the next read: a stream may reuse the memory of its reads
          if (length <= max + 1)
            rest.push(nl < 0 ? Buffer.from(chunk.subarray(from, end)) : chunk.subarray(from, end));
          length += end - from;
          last = chunk[end - 1]!;
        }
        if (nl < 0) break;
        lines.push(endLine());
        start = nl + 1;
      }
      if (lines.length > 0) yield lines;
    }
    if (zeros > 0 || length > 0) yield [endLine()];
  } finally {
    stream.destroy();
  }
}

const ZEROS = Buffer.alloc(4096);

/**
 * The offset of the first byte from `from` to `end` that is not NUL, or `end`: a block at a time by a native compare
 * while the block is all NUL bytes, so a gigabyte of them is passed over at memory speed, not a byte a step.
 */
function firstNonZero(chunk: Buffer, from: number, end: number): number {
  let at = from;
  while (end - at >= ZEROS.length && chunk.compare(ZEROS, 0, ZEROS.length, at, at + ZEROS.length) === 0)
    at += ZEROS.length;
  while (at < end && chunk[at] === 0) at++;
  return at;
}

/** Whether boundedLines gave a line longer than its limit. */
export const isLongLine = (line: Buffer | LongLine): line is LongLine => !Buffer.isBuffer(line);
