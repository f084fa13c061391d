// The text of a captured console call: what util.format makes of the arguments, except that `%o` does not show
// hidden properties. Node's `%o` inspects with showHidden, which prints non-enumerable properties (and an array's
// [length]); redaction looks at an argument's keys as every output writes them, so a secret kept in a hidden
// property would be printed past it. `%o` keeps its depth of 4, as in Node.

import { format, inspect } from 'node:util';

// The specifiers util.format replaces with an argument each; `%%` is a percent sign and takes none.
const SPECIFIER = /%[sdifjoOc%]/g;
const O_DEPTH = 4;

/** util.format(...args), with each `%o` written as its argument inspected without hidden properties. */
export function consoleText(args: readonly unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string' || !first.includes('%o')) return format(...args);
  const values = [...rest];
  let next = 0;
  const template = first.replace(SPECIFIER, (specifier) => {
    if (specifier === '%%') return specifier;
    const at = next++;
    // Without an argument left, util.format writes the specifier as it is.
    if (specifier !== '%o' || at >= values.length) return specifier;
    values[at] = inspect(values[at], { showProxy: true, depth: O_DEPTH });
    return '%s';
  });
  return format(template, ...values);
}
