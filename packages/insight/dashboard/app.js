// The Logbook dashboard: one page over the serve API, written as small modules in js/ (one part of the page each).
// Log content is untrusted (attackers write it), so every value reaches the page through textContent or
// createElement (js/safe-dom.js) — never as markup — and control characters are made visible. Filters live in the
// URL (js/url-state.js) so any view can be bookmarked and shared.

import { api, showError } from './js/api.js';
import { renderCharts } from './js/charts.js';
import { renderLive } from './js/chrome.js';
import { onClick, onKey } from './js/events.js';
import { closeDetail } from './js/focus.js';
import { connectLive } from './js/live.js';
import { load } from './js/loading.js';
import { DARK, state } from './js/state.js';
import { addFilter, navigate } from './js/url-state.js';

function init() {
  document.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  document.getElementById('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    const had = state.pending;
    state.pending = 0;
    renderLive(true);
    if (!state.paused && had > 0) {
      // What came while paused is said once the view shows it, like any live update.
      state.unannounced += had;
      void load(false, true);
    }
  });
  document.getElementById('more').addEventListener('click', () => void load(true));
  document.getElementById('detail-close').addEventListener('click', closeDetail);

  // Back returns to where the incident was opened from; an incident opened from a link or bookmark has no such
  // page in this tab (history.back() would do nothing or leave), so Back shows the overview with the same filters.
  document.getElementById('incident-back').addEventListener('click', () => {
    if (history.state?.logbook) history.back();
    else navigate((q) => q.delete('incident'));
  });
  document.getElementById('add-filter').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = document.getElementById('filter-input');
    const m = /^\s*([a-z]+!?)=(.*)$/.exec(input.value);
    if (!m) return showError('Write a filter as key=value, e.g. status=404 or ip=203.0.113.9.');
    input.value = '';
    addFilter(m[1], m[2].trim());
  });
  window.addEventListener('popstate', () => void load());
  // The desktop switched between light and dark (at dusk, say): the page follows through its stylesheet, the
  // charts' canvases only when drawn again. A hidden overview is drawn when it is next shown.
  DARK.addEventListener('change', () => {
    if (state.report && state.series && !document.getElementById('view-overview').hidden)
      renderCharts(state.report, state.series);
  });
  renderLive(false);
  // Opened while the server is still reading the logs (503) or is down: say why and try again.
  const start = () =>
    api('/api/meta')
      .then((meta) => {
        state.filterKeys = new Set(meta.filter_keys);
        state.meta = meta;
        if (meta.follow) connectLive();
        else document.getElementById('live-text').textContent = 'snapshot';
        return load();
      })
      .catch((e) => {
        showError(e.message);
        setTimeout(start, 2000);
      });
  void start();
  requestAnimationFrame(() => undefined);
}

init();
