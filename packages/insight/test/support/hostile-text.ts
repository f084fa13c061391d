import fc from 'fast-check';

/**
 * Pieces of text that attackers and broken clients put in user agents, paths and referers to attack whoever reads
 * the logs, or that simply break a naive layout: terminal escape sequences (SGR, cursor moves, OSC titles and
 * hyperlinks, 8-bit CSI), BEL, CR, backspace, C1 controls, bidi overrides and isolates, zero-width characters,
 * line separators, wide East-Asian text, emoji sequences, combining marks, lone surrogates and markup.
 */
export const HOSTILE_PIECES: readonly string[] = [
  '\u001b[31m',
  '\u001b[2J\u001b[H',
  '\u001b[1A\u001b[2K',
  '\u001b]0;pwned\u0007',
  '\u001b]8;;http://evil.example/\u001b\\link\u001b]8;;\u001b\\',
  '\u009b31m',
  '\u009d0;title\u009c',
  '\u0007',
  '\r',
  '\b\b\b',
  '\n',
  '\t',
  '\u0000',
  '\u007f',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u061c',
  '\u200e',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u00ad',
  '漢字テスト',
  'ｆｕｌｌｗｉｄｔｈ',
  '한국어',
  '👍🏽',
  '👨‍👩‍👧',
  '🇯🇵',
  '1️⃣',
  'e\u0301',
  '\u0301\u0301\u0301',
  'Z\u0336\u0336',
  '\ud800',
  '\udfff',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'-alert(3)-'",
  '&amp;&lt;',
  '%1b%5b31m',
  '%E2%80%AE',
  '%e6%bc%a2',
  '\\x1b',
  ' ',
];

/** One hostile string: hostile pieces mixed with any text (lone surrogates included), sometimes 10 KB long. */
export function hostileText(): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  );
  return fc.oneof(
    { weight: 12, arbitrary: fc.array(piece, { minLength: 1, maxLength: 8 }).map((xs) => xs.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...HOSTILE_PIECES), fc.integer({ min: 1, max: 2 }))
        .map(([p, n]) => p.repeat(Math.ceil((n * 5000) / p.length))),
    },
  );
}

/**
 * A raw character from log text that must never reach a terminal or a page as itself: C0 and C1 controls (a line
 * break is the renderer's own), DEL, bidi controls, line and paragraph separators, lone surrogates.
 */
export const RAW_CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Bidi_Control}\u2028\u2029]|\p{Surrogate}/u;

/** Any escape sequence introducer, 7-bit or 8-bit. */
// eslint-disable-next-line no-control-regex
export const ESCAPE = /[\u001b\u009b]/;

/** Our own colour codes (SGR), the only escape sequences a report may hold. */
// eslint-disable-next-line no-control-regex
export const SGR = /\u001b\[[0-9;]*m/g;
