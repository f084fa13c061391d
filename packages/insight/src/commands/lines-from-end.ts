import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The lines of a file from its end backwards, a chunk at a time, for `tail -n`: a short file or an unfiltered tail
 * costs one read, and a rare match far back is still found.
 *
 * A line is never held longer than `limit` bytes, the longest any reader takes: a longer one is given as undefined
 * (no reader makes a record of it), and the run of NUL bytes a crash or `copytruncate` leaves before a line is
 * counted, not held, and given as one NUL (the readers pass over such a run and read the line after it). Joining
 * each chunk onto the line read so far cost time in the square of its length: 59 s for a 64 MiB run of zeros, and
 * a run of gigabytes would not fit in a string.
 */
export function* linesFromEnd(
  file: string,
  size: number,
  chunkSize: number,
  limit: number,
): Generator<Buffer | undefined> {
  const line = new LineFromItsEnd(limit);
  const fd = openSync(file, 'r');
  try {
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - chunkSize);
      const chunk = Buffer.alloc(end - start);
      readSync(fd, chunk, 0, chunk.length, start);
      end = start;
      // Newest first: the piece after the chunk's last line feed ends the line read so far.
      for (let stop = chunk.length; ;) {
        const nl = stop === 0 ? -1 : chunk.lastIndexOf(10, stop - 1);
        line.prepend(chunk.subarray(nl + 1, stop));
        if (nl < 0 && start > 0) break; // the line began in the chunk before
        yield line.take();
        if (nl < 0) break; // the file's first line
        stop = nl;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A line read from its end: its text in file order, and the NUL bytes before that text, counted. */
class LineFromItsEnd {
  #text: Buffer[] = [];
  #length = 0;
  #zeros = 0;
  #tooLong = false;

  constructor(private readonly limit: number) {}

  /** Adds the bytes that come before what has been read of the line (copied: the chunk is not kept). */
  prepend(piece: Buffer): void {
    if (this.#tooLong || piece.length === 0) return;
    const lead = leadingZeros(piece);
    if (lead === piece.length) {
      this.#zeros += lead;
      return;
    }
    // Text before the zeros counted so far makes them part of the line's text; the piece's own leading zeros may
    // start a run that goes on before it.
    const length = piece.length - lead + this.#zeros + this.#length;
    if (length > this.limit) {
      this.#tooLong = true;
      this.#text = [];
      return;
    }
    const before = [Buffer.from(piece.subarray(lead))];
    if (this.#zeros > 0) before.push(Buffer.alloc(this.#zeros));
    this.#text.unshift(...before);
    this.#length = length;
    this.#zeros = lead;
  }

  /** The line as a reader takes it (undefined when too long), and a fresh start for the line before it. */
  take(): Buffer | undefined {
    const line = this.#tooLong
      ? undefined
      : Buffer.concat(this.#zeros > 0 ? [Buffer.alloc(1), ...this.#text] : this.#text);
    this.#text = [];
    this.#length = 0;
    this.#zeros = 0;
    this.#tooLong = false;
    return line;
  }
}

function leadingZeros(bytes: Buffer): number {
  let n = 0;
  while (n < bytes.length && bytes[n] === 0) n++;
  return n;
}
