/**
 * Turning a raw request target into the text the rules judge: percent-decoded (repeatedly, bounded),
 * case-folded, with `//`, `/./` and `/../` resolved the way a server resolves them. Never throws.
 */

/** Longest path, query or header value the rules read: a little over Apache's default request-line limit. */
export const MAX_INSPECT = 8_192;
/** Request targets longer than this are reported as malformed (over Apache's default LimitRequestLine). */
export const MAX_REQUEST_TARGET = 8_190;
/** Double and triple encoding are attacker tricks; deeper nesting is not decoded further. */
const MAX_DECODE_ROUNDS = 3;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

export interface Decoded {
  text: string;
  /** A `%` not followed by two hex digits, or bytes that are not UTF-8. */
  invalid: boolean;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/**
 * Whether bytes hold an overlong UTF-8 form (`C0 AF` for `/`) or an encoded UTF-16 surrogate: the shapes of
 * attacks on decoders that check for `../` before they decode (IIS double decoding), which no text encoding writes.
 */
function hasDecoderAttack(bytes: readonly number[]): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const next = i + 1 < bytes.length ? bytes[i + 1]! : -1;
    // A lone C0 is text someone typed (`%c0`); followed by a continuation byte it is an overlong character.
    if ((b === 0xc0 || b === 0xc1) && next >= 0x80 && next <= 0xbf) return true;
    if (b === 0xe0 && next >= 0x80 && next <= 0x9f) return true;
    if (b === 0xf0 && next >= 0x80 && next <= 0x8f) return true;
    if (b === 0xed && next >= 0xa0 && next <= 0xbf) return true;
  }
  return false;
}

/**
 * One round of tolerant percent-decoding: invalid escapes stay as they are and set `invalid` when `raw` (the raw
 * text's round; a `%` that an earlier round decoded from `%25` is a percent sign, as in `?q=100%25`). Bytes that
 * are not UTF-8 set it in the raw round; in later rounds only overlong and surrogate forms do, since there the
 * escape was text: a search for `%e5` arrives as `%25e5`, which is valid, and decoding it again is only how
 * double-encoded attacks are found.
 */
function decodeOnce(s: string, plusIsSpace: boolean, raw: boolean, out: { invalid: boolean }): string {
  if (!plusIsSpace || s.indexOf('+') === -1) {
    try {
      return decodeURIComponent(s);
    } catch {
      // fall through to the tolerant decoder
    }
  }
  let result = '';
  let runStart = 0;
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    const view = Uint8Array.from(bytes);
    try {
      result += utf8.decode(view);
    } catch {
      if (raw || hasDecoderAttack(bytes)) out.invalid = true;
      result += utf8Lenient.decode(view);
    }
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      const hi = i + 2 < s.length ? hexValue(s.charCodeAt(i + 1)) : -1;
      const lo = hi >= 0 ? hexValue(s.charCodeAt(i + 2)) : -1;
      if (lo >= 0) {
        if (bytes.length === 0) result += s.slice(runStart, i);
        bytes.push(hi * 16 + lo);
        i += 2;
        runStart = i + 1;
        continue;
      }
      if (raw) out.invalid = true;
    } else if (c === 43 /* + */ && plusIsSpace) {
      flush();
      result += s.slice(runStart, i) + ' ';
      runStart = i + 1;
      continue;
    }
    if (bytes.length > 0) {
      flush();
      runStart = i;
    }
  }
  flush();
  return result + s.slice(runStart);
}

/** Percent-decode up to three times (double-encoded `%252e` becomes `.`), tolerating bad escapes. */
export function percentDecode(raw: string, plusIsSpace: boolean): Decoded {
  const state = { invalid: false };
  let text = raw;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    if (text.indexOf('%') === -1 && (!plusIsSpace || round > 0 || text.indexOf('+') === -1)) break;
    // `+` means space only in the first round: a decoded %2B is a literal plus.
    const next = decodeOnce(text, plusIsSpace && round === 0, round === 0, state);
    if (next === text) break;
    text = next;
  }
  return { text, invalid: state.invalid };
}

/**
 * Resolve a decoded, lower-cased path into segments: `\` counts as `/` (IIS does so), empty and `.`
 * segments vanish, `..` climbs but never above the root.
 */
export function pathSegments(decodedLower: string): string[] {
  const parts =
    decodedLower.indexOf('\\') === -1
      ? decodedLower.split('/')
      : decodedLower.replaceAll('\\', '/').split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}
