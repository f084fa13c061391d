import { visibleLength } from './style.js';

/**
 * Items joined by `separator` on lines of at most `width` visible characters, each line starting with `indent`:
 * a list of counts (`user.login 5 · user.logout 17 · …`) breaks between items, never inside one.
 */
export function wrapItems(
  items: readonly string[],
  separator: string,
  width: number,
  indent = '  ',
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const candidate = line === '' ? item : line + separator + item;
    if (line !== '' && visibleLength(indent + candidate) > width) {
      lines.push(indent + line + separator.trimEnd());
      line = item;
    } else line = candidate;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}
