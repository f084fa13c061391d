// Numbers, times, request targets and long log values as the page writes them.
import { el, shown } from './safe-dom.js';

export const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : shown(n));
/** A request target with its percent-encoding undone for reading (as the terminal report shows it). */
export function readableTarget(target) {
  const decode = (t) => {
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  const q = target.indexOf('?');
  return q < 0
    ? decode(target)
    : `${decode(target.slice(0, q))}?${decode(target.slice(q + 1).replaceAll('+', ' '))}`;
}
/** Milliseconds with one decimal always, so a column lines up on the point. */
export const millis = (n) =>
  typeof n === 'number'
    ? n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    : shown(n);
export const shortTime = (iso) =>
  iso
    ? String(iso)
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : '';

// Log values can be any length (a scanner's 10 KB path); past this many characters the page shows the start
// and an ellipsis, and the full value stays in the title and in the record view.
const LONG = 160;

/** Log text cut to LONG characters for a table cell; the full text is in the title when cut. */
export function clipped(text) {
  const s = shown(text);
  const chars = Array.from(s);
  if (chars.length <= LONG) return s;
  return el('span', { class: 'clipped', title: s }, `${chars.slice(0, LONG).join('')}…`);
}
