import { displayWidth } from './display-width.js';

/** Terminal colours, switched off by NO_COLOR, by a non-TTY stream, or by the caller. */
export interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
  magenta: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) {
    const id = (s: string): string => s;
    return { bold: id, dim: id, red: id, yellow: id, green: id, cyan: id, magenta: id };
  }
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
    magenta: wrap(35, 39),
  };
}

/** Colour is on for a TTY unless NO_COLOR is set (any value) or --no-color was given. */
export function colourWanted(stream: { isTTY?: boolean }, flag?: boolean): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  return stream.isTTY === true;
}

/** Columns a string that may hold colour codes takes in a terminal (see displayWidth). */
export const visibleLength = (s: string): number => displayWidth(s);
