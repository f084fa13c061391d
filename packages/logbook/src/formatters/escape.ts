// Text output must not let a logged value forge a line: a user agent with "\n[...] ERROR: ..." in it
// would otherwise look like a second record. Control characters are shown as escapes instead.

function needsEscape(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

const NAMED: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x1b: '\\e', 0x00: '\\0' };

/** Replaces control characters (C0, DEL, C1, Unicode line separators) with visible escapes. */
export function escapeControl(text: string): string {
  let i = 0;
  for (; i < text.length; i++) if (needsEscape(text.charCodeAt(i))) break;
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!needsEscape(code)) {
      out += text[i];
      continue;
    }
    out +=
      NAMED[code] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  }
  return out;
}
