import { visibleLength } from './style.js';
import { clipToWidth } from './display-width.js';

/**
 * Items joined by `separator` on lines of at most `width` visible characters, each line starting with `indent`:
 * a list of counts (`user.login 5 · user.logout 17 · …`) breaks between items, never inside one. An item too wide
 * for a line of its own (a 10 KB path in a filter term) is cut to the line with an ellipsis.
 */
export function wrapItems(
  items: readonly string[],
  separator: string,
  width: number,
  indent = '  ',
): string[] {
  const lines: string[] = [];
  let line = '';
  const room = Math.max(1, width - visibleLength(indent) - visibleLength(separator.trimEnd()));
  for (const whole of items) {
    const item = clipToWidth(whole, room);
    const candidate = line === '' ? item : line + separator + item;
    if (line !== '' && visibleLength(indent + candidate) > width) {
      lines.push(indent + line + separator.trimEnd());
      line = item;
    } else line = candidate;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}
