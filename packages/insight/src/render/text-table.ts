import { safeText } from './escape.js';
import { visibleLength, type Style } from './style.js';

export interface Column {
  title: string;
  align?: 'left' | 'right';
  /** This column shrinks first when the table is too wide. */
  flex?: boolean;
  colour?: (value: string, row: number) => string;
}

/**
 * Lays out rows as a text table no wider than `width`: flexible columns are truncated with an ellipsis.
 * Cell text is made safe before any colour is applied.
 */
export function textTable(columns: Column[], data: unknown[][], width: number, style: Style): string {
  const cells = data.map((r) => columns.map((_, i) => safeText(r[i])));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i]!.length)));
  let gap = 2;
  let total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1) + 2;
  const flex = columns.map((c, i) => (c.flex ? i : -1)).filter((i) => i >= 0);
  while (total > width && flex.length > 0) {
    const widest = flex.reduce((a, b) => (widths[a]! >= widths[b]! ? a : b));
    const min = Math.max(8, columns[widest]!.title.length);
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
  // Still too wide with every flexible column at its minimum: one space between columns saves a few more.
  if (total > width && columns.length > 1) gap = 1;
  const fit = (s: string, w: number): string => (s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s);
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
  return lines.join('\n');
}

/** A horizontal bar made of block characters, `value / max` of `width` cells. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || width <= 0) return '';
  const cells = Math.round((value / max) * width * 8);
  return '█'.repeat(Math.floor(cells / 8)) + (cells % 8 ? ' ▏▎▍▌▋▊▉'[cells % 8]! : '');
}
