// The page's frame: the filter chips, which view is shown, and the live indicator.
import { fmt } from './format.js';
import { clear, el, shown } from './safe-dom.js';
import { state } from './state.js';
import { filterTerms, params } from './url-state.js';

export function renderChips() {
  const chips = document.getElementById('chips');
  clear(chips);
  const terms = filterTerms();
  if (terms.length === 0)
    chips.append(el('span', { class: 'muted' }, 'none — click any value to drill down'));
  for (const term of terms) {
    const eq = term.indexOf('=');
    chips.append(
      el(
        'span',
        { class: 'chip', 'data-term': term },
        el('span', { class: 'chip-key' }, term.slice(0, eq).replace(/!$/, ' ≠')),
        el('span', { class: 'chip-val' }, term.slice(eq + 1)),
        el(
          'button',
          {
            type: 'button',
            class: 'chip-x',
            'data-remove': term,
            title: 'remove this filter',
            'aria-label': `remove ${shown(term)}`,
          },
          '×',
        ),
      ),
    );
  }
  if (terms.length > 1)
    chips.append(el('button', { type: 'button', class: 'chip-clear', 'data-clear': '1' }, 'clear all'));
}

export function renderViewChrome(view) {
  for (const v of ['overview', 'requests', 'incident'])
    document.getElementById(`view-${v}`).hidden = v !== view;
  for (const b of document.querySelectorAll('[data-view]'))
    b.setAttribute('aria-current', b.dataset.view === view ? 'page' : 'false');
  // The tab's title names the view, as a screen reader announces a new page by it.
  const named = {
    overview: 'Overview',
    requests: 'Requests',
    incident: `Incident ${params().get('incident')}`,
  };
  const n = filterTerms().length;
  const filtered = n > 0 ? `, ${n} ${n === 1 ? 'filter' : 'filters'}` : '';
  document.title = shown(`${named[view]}${filtered} · Logbook dashboard`);
}

export function renderLive(connected) {
  const text = document.getElementById('live-text');
  const dot = document.getElementById('live-dot');
  dot.className = `dot ${state.paused ? 'paused' : connected ? 'on' : 'off'}`;
  text.textContent = state.paused
    ? `paused${state.pending > 0 ? ` · ${fmt(state.pending)} new` : ''}`
    : connected
      ? 'live'
      : 'reconnecting…';
  const btn = document.getElementById('pause');
  // The label says what pressing does; no aria-pressed besides, which would read "Resume, pressed".
  btn.textContent = state.paused ? 'Resume' : 'Pause';
}
