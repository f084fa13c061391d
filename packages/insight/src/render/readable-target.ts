/**
 * A request target as a person reads it: `/courses?q=' OR 1=1--` rather than `/courses?q=%27%20OR%201%3D1--`.
 * Attack payloads arrive percent-encoded, and the encoded form hides what was tried. Only the display changes (the
 * report's JSON keeps the target as sent); a target that does not decode (a stray `%`) is shown as it came.
 * Control characters it decodes to are the caller's to make visible, as for any log text.
 */
export function readableTarget(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return decodeOr(target, target);
  return (
    decodeOr(target.slice(0, q), target.slice(0, q)) +
    '?' +
    decodeOr(target.slice(q + 1).replaceAll('+', ' '), target.slice(q + 1))
  );
}

function decodeOr(text: string, fallback: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return fallback;
  }
}
