// Safe DOM building. Log content is untrusted (attackers write it), so every value reaches the page through
// textContent or createElement — never as markup — and control characters are made visible.

// The same characters as the terminal's safeText (src/render/escape.ts): controls, every bidi control (U+061C too),
// line and paragraph separators, and lone surrogates (half an emoji, shown as � otherwise).
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]|\p{Surrogate}/gu;

/** Log text made safe to look at: control and bidi characters become visible escapes. */
export function shown(value) {
  if (value === null || value === undefined) return '';
  return String(value).replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Like shown(), but keeps line breaks and tabs, for stacks and JSON in <pre>. */
export function multiline(value) {
  return document.createTextNode(
    String(value ?? '')
      .split('\n')
      .map((line) => line.split('\t').map(shown).join('\t'))
      .join('\n'),
  );
}

const SAFE_ATTRS = /^(id|class|title|type|role|hidden|colspan|tabindex|data-[a-z-]+|aria-[a-z-]+)$/;

/** Creates an element; strings become text nodes, attributes are limited to a harmless set. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (!SAFE_ATTRS.test(k)) throw new Error(`attribute ${k} is not allowed`);
    node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof window.Node ? c : document.createTextNode(shown(c)));
  }
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}
