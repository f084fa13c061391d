/**
 * Makes log content safe to print: control characters (ESC, BEL, CR, backspace, C1 controls, every bidi control,
 * line and paragraph separators) become visible escapes, so an attacker's user agent cannot move the cursor,
 * recolour an operator's terminal or reorder what is shown; a lone surrogate (no character at all, printed as �)
 * is shown as its code too.
 */
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]|\p{Surrogate}/gu;

export function safeText(value: unknown): string {
  const s =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? value.toString()
        : value === null || value === undefined
          ? ''
          : JSON.stringify(value);
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0); // every match is one UTF-16 unit
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return safeText(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
