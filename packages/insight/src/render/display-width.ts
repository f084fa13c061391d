import stringWidth from 'string-width';

/**
 * The narrowest --width the terminal report is laid out for: a narrower one is taken as this. Tables that do not
 * fit even with every text column cut to its minimum lose their right end to an ellipsis.
 */
export const MIN_WIDTH = 40;

// eslint-disable-next-line no-control-regex
const SGR = /(\u001b\[[0-9;]*m)/;
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

const known = new Map<string, number>();

/**
 * One character cluster's columns: printable ASCII at once, anything else by string-width (remembered: a log
 * repeats its few non-ASCII clusters). A cluster's width is its first character's, so a letter under ten thousand
 * combining marks is measured by its start.
 */
function clusterWidth(g: string): number {
  if (g.length === 1 && g >= ' ' && g <= '~') return 1;
  const key = g.length > 32 ? Array.from(g.slice(0, 32)).slice(0, -1).join('') || g : g;
  let w = known.get(key);
  if (w === undefined) {
    if (known.size > 4096) known.clear();
    w = stringWidth(key);
    known.set(key, w);
  }
  return w;
}

/**
 * Columns a string takes in a terminal (colour codes take none, wide East-Asian characters and emoji two,
 * combining marks and zero-width characters none), not its UTF-16 length.
 */
export function displayWidth(s: string): number {
  return PRINTABLE_ASCII.test(s) ? s.length : stringWidth(s);
}

/**
 * `s` cut to at most `width` columns, ending in `…` when cut; never inside a character cluster (an emoji, a letter
 * with its accents, a surrogate pair). Colour codes are kept, so a cut coloured text still closes its colour. Reads
 * no further than the cut: a 10 KB user agent costs what its first `width` columns cost.
 */
export function clipToWidth(s: string, width: number): string {
  if (PRINTABLE_ASCII.test(s)) return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
  const parts = s.split(SGR); // colour codes at the odd indexes
  let used = 0;
  let out = '';
  let cut = -1; // where the ellipsis goes if the text does not fit
  let codesAfterCut = '';
  // Invisible clusters (zero-width spaces) take no room but cost time: past this many the text counts as too long.
  let clusters = 2 * Math.max(0, width) + 16;
  // What fits before the ellipsis, then every colour code from there on (so colours still close).
  const cutOff = (i: number): string =>
    `${out.slice(0, cut < 0 ? out.length : cut)}${codesAfterCut}${parts.filter((_, j) => j > i && j % 2 === 1).join('')}${width > 0 ? '…' : ''}`;
  /** Adds one cluster; false when it no longer fits, or too many invisible ones were read (all before fits). */
  const add = (segment: string): boolean => {
    const w = clusterWidth(segment);
    if (cut < 0 && used + w > width - 1) cut = out.length;
    used += w;
    if (used > width || --clusters < 0) return false;
    out += segment;
    return true;
  };
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 1) {
      out += parts[i]!;
      if (cut >= 0) codesAfterCut += parts[i]!;
      continue;
    }
    // Only a window of the text is split into clusters: splitting costs by the length of the text given to it.
    const part = parts[i]!;
    const window = part.length > 4 * clusters ? part.slice(0, 4 * clusters) : part;
    let last = '';
    for (const { segment } of graphemes.segment(window)) {
      // One cluster behind, so that a cut window's last cluster (maybe half a surrogate pair) is never shown.
      if (last !== '' && !add(last)) return cutOff(i);
      last = segment;
    }
    if (window !== part || (last !== '' && !add(last))) return cutOff(i);
  }
  return s;
}
