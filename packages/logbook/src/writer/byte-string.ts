// File output is handed around as "byte strings": one character per byte of the line's UTF-8 encoding,
// written with the 'latin1' encoding (a plain copy). V8 keeps such strings one byte per character, so a
// batch with one `→` in it is not widened to two bytes per character, flattened that way and encoded
// character by character. ASCII text is its own byte string, so most lines need no conversion at all.

/** The UTF-8 bytes of text as a byte string (unpaired surrogates become U+FFFD, as Buffer.from does). */
export function utf8Bytes(text: string): string {
  const length = text.length;
  let i = 0;
  while (i < length && text.charCodeAt(i) < 0x80) i++;
  if (i === length) return text;
  // Short text (a message with a `→`): encoded into a scratch buffer and read back one byte per
  // character, which makes a one-byte string in two native calls.
  if (length <= SCRATCH_CHARS) {
    scratch ??= Buffer.allocUnsafeSlow(SCRATCH_CHARS * 3);
    return scratch.toString('latin1', 0, scratch.write(text, 0, 'utf8'));
  }
  // Built from character codes, not from slices of text: a slice of a two-byte string stays two-byte
  // in V8 even when it holds only ASCII, and would widen the whole batch again.
  let out = '';
  let codes: number[] = [];
  for (i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      codes.push(c);
    } else if (c < 0x800) {
      codes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < length && isLowSurrogate(text.charCodeAt(i + 1))) {
      const code = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      codes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      codes.push(0xef, 0xbf, 0xbd);
    } else {
      codes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
    if (codes.length >= CHUNK) {
      out += String.fromCharCode.apply(undefined, codes);
      codes = [];
    }
  }
  return out + String.fromCharCode.apply(undefined, codes);
}

const SCRATCH_CHARS = 1024;
let scratch: Buffer | undefined;

/** Codes per String.fromCharCode call (its arguments go on the stack). */
const CHUNK = 8192;

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
