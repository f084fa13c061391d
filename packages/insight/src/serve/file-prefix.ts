import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** The first `length` bytes of a file held open by `fd` (the same file even if it was renamed since). */
export interface FilePrefix {
  fd: number;
  length: number;
}

const PIECE = 1024 * 1024;

/** Copies a file's prefix to `to` a piece at a time, so a log of gigabytes is never held in memory. */
export function copyPrefix(from: FilePrefix, to: string): void {
  const out = openSync(to, 'w');
  try {
    const piece = Buffer.alloc(Math.min(PIECE, from.length));
    for (let at = 0; at < from.length;) {
      const n = readSync(from.fd, piece, 0, Math.min(piece.length, from.length - at), at);
      if (n === 0) break; // shorter than it was: truncated meanwhile
      writeSync(out, piece, 0, n);
      at += n;
    }
  } finally {
    closeSync(out);
  }
}
