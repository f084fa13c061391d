// Data tables, and log values that filter the dashboard when clicked.
import { clipped, fmt } from './format.js';
import { el, shown } from './safe-dom.js';
import { ROWS_EXPANDED, ROWS_SHOWN, state } from './state.js';
import { filterTerms } from './url-state.js';

/** A log value that filters the whole dashboard when clicked. */
export function value(key, v, label) {
  if (v === null || v === undefined || v === '') return el('span', { class: 'muted' }, '–');
  const text = label ?? v;
  const content = typeof text === 'string' ? clipped(text) : text;
  if (!state.filterKeys.has(key)) return el('span', { class: 'plain' }, content);
  return el(
    'button',
    { type: 'button', class: 'v', 'data-k': key, 'data-v': String(v), title: `only ${key} = ${shown(v)}` },
    content,
  );
}

/**
 * A data table named `opts.caption`, showing its first `opts.limit` rows (ROWS_SHOWN by default) and a button for
 * the rest. Which tables
 * a person opened is kept by their headers, so a live refresh does not fold them up again.
 */
export function table(headers, rows, opts = {}) {
  const key = headers.join('|');
  const limit = state.expanded.has(key) ? ROWS_EXPANDED : (opts.limit ?? ROWS_SHOWN);
  const body = rows.slice(0, Math.max(limit, opts.limit ?? 0));
  const t = el(
    'table',
    { class: 'data' },
    // A screen reader names the table by its caption when it lists or enters tables; the heading above says it
    // for the eye.
    opts.caption ? el('caption', { class: 'vh' }, opts.caption) : '',
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        headers.map((h) => el('th', null, h)),
      ),
    ),
    el(
      'tbody',
      null,
      body.map((cells) =>
        el(
          'tr',
          null,
          // The column's name on each cell: a phone shows the rows as cards of "name value" lines.
          cells.map((c, i) => el('td', { 'data-label': headers[i] }, c)),
        ),
      ),
    ),
  );
  const wrap = el('div', { class: 'table-wrap' }, t);
  const hidden = rows.length - body.length;
  if (hidden > 0 && body.length < ROWS_EXPANDED)
    wrap.append(
      el(
        'button',
        { type: 'button', class: 'link more-rows', 'data-expand': key },
        `Show ${fmt(Math.min(hidden, ROWS_EXPANDED - body.length))} more`,
      ),
    );
  else if (hidden > 0) wrap.append(el('p', { class: 'muted' }, `${fmt(hidden)} more not shown`));
  if (rows.length === 0) {
    const empty = opts.empty ?? 'Nothing here for these filters.';
    // With no filter set, "for these filters" would point at filters that are not there.
    const said =
      filterTerms().length === 0 ? empty.replace(/ for these filters\.$/, ' in this period.') : empty;
    wrap.append(el('p', { class: 'muted empty' }, said));
  }
  return wrap;
}
