// Keyboard focus: found again after a redraw, and returned when a detail closes.
import { state } from './state.js';
import { currentView } from './url-state.js';

/** The data attributes that tell one drawn control from another of its kind. */
const KEY_ATTRS = [
  'data-id',
  'data-remove',
  'data-clear',
  'data-incident',
  'data-ticket',
  'data-expand',
  'data-k',
  'data-v',
  'data-legend',
  'data-line',
];

/**
 * How to find a control again once the part of the page holding it is drawn anew (a live update, a filter, Back):
 * a selector from its tag, class and data attributes, within the nearest element with an id (a panel, the table).
 */
export function focusKey(node) {
  if (!(node instanceof window.Element) || node === document.body) return null;
  const holder = node.parentElement?.closest('[id]');
  const attrs = KEY_ATTRS.filter((a) => node.hasAttribute(a))
    .map((a) => `[${a}="${CSS.escape(node.getAttribute(a))}"]`)
    .join('');
  // Classes only when no data attribute tells it apart: a ticket's Solve button comes back as Reopen.
  const cls = attrs ? '' : [...node.classList].map((c) => `.${CSS.escape(c)}`).join('');
  const own = node.id ? `#${CSS.escape(node.id)}` : `${node.tagName.toLowerCase()}${cls}${attrs}`;
  return { selector: holder && !node.id ? `#${CSS.escape(holder.id)} ${own}` : own, holder: holder?.id };
}

/** The heading a part of the page is known by, made focusable, for the focus to land on when its control went. */
export function headingOf(holderId) {
  if (holderId === 'chips') return document.getElementById('filter-input');
  const holder = holderId ? document.getElementById(holderId) : null;
  const view = document.getElementById(`view-${currentView()}`);
  const inView = holder && view.contains(holder) && !holder.closest('[hidden]');
  const heading =
    (inView ? holder.closest('section') : view)?.querySelector('h2') ?? view.querySelector('h2');
  if (heading) heading.setAttribute('tabindex', '-1');
  return heading;
}

/**
 * After a view is drawn: when the control that had the focus was replaced, the focus moves to its new copy (or to
 * the heading of where it was) instead of falling back to the page's start, which would send a keyboard user back
 * to the first control.
 */
export function restoreFocus(key) {
  const active = document.activeElement;
  if (!key || (active && active !== document.body && active.isConnected && !active.closest('[hidden]')))
    return;
  let target;
  try {
    target = document.querySelector(key.selector);
  } catch {
    target = null; // a selector made from a value CSS.escape could not make safe: look for the heading instead
  }
  if (!target || target.closest('[hidden]')) target = headingOf(key.holder);
  target?.focus({ preventScroll: true });
}

export function closeDetail() {
  const aside = document.getElementById('detail');
  if (aside.hidden) return;
  aside.hidden = true;
  const row = document.querySelector(
    `#records tr.rec[data-id="${CSS.escape(String(state.detailRow ?? ''))}"]`,
  );
  (row ?? headingOf('records'))?.focus();
}
