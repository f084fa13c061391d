import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, createGunzip } from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';

/**
 * Opens a file as a byte stream, gunzipping when it starts with the gzip magic bytes. A cut-off archive (a copy
 * interrupted, a rotation still being written) gives the lines up to the cut, as DuckDB's reader does, instead of
 * failing the whole command with zlib's "unexpected end of file"; the cut line then counts as skipped.
 */
export function openBytes(file: string, gzip: boolean): Readable {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (!gzip) return raw;
  // pipeline, not pipe: a reader that stops early destroys the gunzip stream, and the file must close with it (pipe
  // kept it open, one descriptor per archive); a read error reaches the reader instead of going unhandled.
  return pipeline(raw, createGunzip({ finishFlush: constants.Z_SYNC_FLUSH }), () => undefined);
}

/**
 * The lines of a file (Buffers without the newline, a trailing CR removed), a read chunk's worth at a time, so a
 * consumer can wait (for a slow output, say) between chunks without holding the whole file. Lines are views into
 * the chunk: copy one to keep it past the next iteration.
 */
export async function* lineChunks(file: string, gzip: boolean): AsyncGenerator<Buffer[]> {
  // The start of a line not ended yet, as the reads that brought it: joined once, when its newline comes. Joining
  // at every read made a line of n reads cost n² (a 33 MiB line in 16 KiB gzip reads took minutes).
  let pending: Buffer[] = [];
  const withoutCr = (line: Buffer): Buffer =>
    line.length > 0 && line[line.length - 1] === 13 ? line.subarray(0, -1) : line;
  const stream = openBytes(file, gzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let nl = chunk.indexOf(10);
      if (nl < 0) {
        pending.push(Buffer.from(chunk)); // a copy: a stream may reuse the memory of its reads
        continue;
      }
      const first = chunk.subarray(0, nl);
      const lines: Buffer[] = [withoutCr(pending.length > 0 ? Buffer.concat([...pending, first]) : first)];
      pending = [];
      let start = nl + 1;
      while ((nl = chunk.indexOf(10, start)) >= 0) {
        lines.push(withoutCr(chunk.subarray(start, nl)));
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(Buffer.from(chunk.subarray(start)));
      yield lines;
    }
    if (pending.length > 0) yield [Buffer.concat(pending)];
  } finally {
    stream.destroy();
  }
}

/**
 * Calls `onLine` for every line (a Buffer without the newline) with its 1-based number; return false to stop.
 * Works on bytes so invalid UTF-8 and huge lines can be judged rather than silently decoded.
 */
export async function scanLines(
  file: string,
  gzip: boolean,
  onLine: (line: Buffer, lineNo: number) => boolean,
): Promise<void> {
  let lineNo = 0;
  for await (const lines of lineChunks(file, gzip)) {
    for (const line of lines) if (!onLine(line, ++lineNo)) return;
  }
}

/** Counts lines that hold anything but whitespace, the way DuckDB's readers count rows. */
export async function countNonEmptyLines(file: string, gzip: boolean): Promise<number> {
  if (!gzip) return countPlain(file);
  let n = 0;
  await scanLines(file, gzip, (line) => {
    if (!isBlank(line)) n++;
    return true;
  });
  return n;
}

/**
 * The same count for an uncompressed file, in 4 MB reads into one buffer and without building a Buffer per line:
 * it runs beside DuckDB on a 2-core machine, so its CPU time is taken from the load itself.
 */
async function countPlain(file: string): Promise<number> {
  const fh = await open(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let n = 0;
  let filled = false; // the current line has a byte other than space, tab or CR
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      let pos = 0;
      while (pos < bytesRead) {
        if (!filled) {
          const b = buf[pos]!;
          if (b === 10) pos++;
          else if (b === 32 || b === 9 || b === 13) pos++;
          else filled = true;
          continue;
        }
        const nl = buf.indexOf(10, pos);
        if (nl < 0 || nl >= bytesRead) break;
        n++;
        filled = false;
        pos = nl + 1;
      }
    }
  } finally {
    await fh.close();
  }
  return filled ? n + 1 : n;
}

/**
 * Whether the file holds a carriage return that does not end a line (a `\r` not followed by `\n`). DuckDB's CSV
 * reader ends a line at one, every other reader here (and `wc -l`, editors, `tail`) only at `\n`.
 */
export async function hasLoneCr(file: string, gzip: boolean): Promise<boolean> {
  let crAtEnd = false; // the previous chunk ended in \r
  const lone = (chunk: Buffer, length: number): boolean => {
    if (crAtEnd && length > 0 && chunk[0] !== 10) return true;
    for (let i = chunk.indexOf(13); i >= 0 && i < length; i = chunk.indexOf(13, i + 1))
      if (i + 1 < length && chunk[i + 1] !== 10) return true;
    crAtEnd = length > 0 && chunk[length - 1] === 13;
    return false;
  };
  if (gzip) {
    for await (const chunk of openBytes(file, gzip) as AsyncIterable<Buffer>)
      if (lone(chunk, chunk.length)) return true;
    return false;
  }
  // a plain file in 4 MB reads into one buffer, as countPlain: this runs on every access log with a bad line
  const fh = await open(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return false; // a \r as the last byte ends a line still being written
      if (lone(buf, bytesRead)) return true;
    }
  } finally {
    await fh.close();
  }
}

function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 32 && b !== 9 && b !== 13) return false;
  return true;
}

export { isBlank };
