import { safeText } from './escape.js';
import { visibleLength, type Style } from './style.js';
import { clipToWidth, displayWidth } from './display-width.js';

export interface Column {
  title: string;
  align?: 'left' | 'right';
  /** This column shrinks first when the table is too wide. */
  flex?: boolean;
  colour?: (value: string, row: number) => string;
}

/**
 * Lays out rows as a text table no wider than `width` terminal columns: flexible columns are truncated with an
 * ellipsis first, then any other text column (an attacker's 10 KB "IP" or crawler name is log text too); a table
 * that still does not fit loses its right end to an ellipsis. Widths are display columns (a CJK character takes
 * two), and cell text is made safe before any colour is applied.
 */
export function textTable(columns: Column[], data: unknown[][], width: number, style: Style): string {
  // No cell can show more than the whole width: cut first, so a 10 KB user agent is measured only that far.
  const cells = data.map((r) => columns.map((_, i) => clipToWidth(safeText(r[i]), width)));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.title), ...cells.map((r) => displayWidth(r[i]!))),
  );
  let gap = 2;
  let total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1) + 2;
  const flex = columns.map((c, i) => (c.flex ? i : -1)).filter((i) => i >= 0);
  while (total > width && flex.length > 0) {
    const widest = flex.reduce((a, b) => (widths[a]! >= widths[b]! ? a : b));
    const min = Math.max(8, displayWidth(columns[widest]!.title));
    if (widths[widest]! <= min) {
      flex.splice(flex.indexOf(widest), 1);
      continue;
    }
    // Level the widest column down to the next widest first, so every flexible column keeps a fair share.
    const next = Math.max(min, ...flex.filter((i) => i !== widest).map((i) => widths[i]!));
    const cut = Math.max(
      1,
      Math.min(total - width, widths[widest]! - Math.min(next, widths[widest]! - 1), widths[widest]! - min),
    );
    widths[widest]! -= cut;
    total -= cut;
  }
  // Still too wide: other text columns (never numbers) give up what they hold beyond their title, widest first.
  const text = columns.map((c, i) => (c.align === 'right' ? -1 : i)).filter((i) => i >= 0);
  while (total > width && text.length > 0) {
    const widest = text.reduce((a, b) => (widths[a]! >= widths[b]! ? a : b));
    const min = Math.max(8, displayWidth(columns[widest]!.title));
    const cut = Math.min(total - width, widths[widest]! - min);
    if (cut <= 0) {
      text.splice(text.indexOf(widest), 1);
      continue;
    }
    widths[widest]! -= cut;
    total -= cut;
  }
  // Still too wide with every column at its minimum: one space between columns saves a few more.
  if (total > width && columns.length > 1) gap = 1;
  const fit = (s: string, w: number): string => clipToWidth(s, w);
  const pad = (s: string, w: number, right: boolean): string => {
    const fill = ' '.repeat(Math.max(0, w - visibleLength(s)));
    return right ? fill + s : s + fill;
  };
  const lines = [
    '  ' +
      columns
        .map((c, i) => {
          const title = fit(c.title, widths[i]!);
          // The last column is not padded, and an untitled one not coloured: trailing spaces before or inside the
          // dim colour codes would survive trimEnd.
          const last = i === columns.length - 1 && c.align !== 'right';
          if (last && title === '') return '';
          return style.dim(last ? title : pad(title, widths[i]!, c.align === 'right'));
        })
        .join(' '.repeat(gap))
        .trimEnd(),
  ];
  cells.forEach((r, ri) => {
    lines.push(
      '  ' +
        columns
          .map((c, i) => {
            const text = fit(r[i]!, widths[i]!);
            return pad(c.colour ? c.colour(text, ri) : text, widths[i]!, c.align === 'right');
          })
          .join(' '.repeat(gap))
          .trimEnd(),
    );
  });
  return lines.map((line) => clipToWidth(line, width)).join('\n');
}

/** A horizontal bar made of block characters, `value / max` of `width` cells. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || width <= 0) return '';
  const cells = Math.round((value / max) * width * 8);
  return '█'.repeat(Math.floor(cells / 8)) + (cells % 8 ? ' ▏▎▍▌▋▊▉'[cells % 8]! : '');
}
