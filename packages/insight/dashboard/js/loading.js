// Loading a view, and live refreshes that never pile up.
import { announceNewRecords } from './announce.js';
import { showError } from './api.js';
import { renderChips, renderViewChrome } from './chrome.js';
import { focusKey, headingOf, restoreFocus } from './focus.js';
import { loadIncident } from './incident.js';
import { loadOverview } from './overview.js';
import { loadRequests } from './requests.js';
import { state } from './state.js';
import { currentView, params } from './url-state.js';

export async function load(more = false, live = false) {
  const seq = ++state.loadSeq;
  // Where the keyboard is before the filters are drawn again; the loaders look once more before their redraw.
  const focusAtStart = focusKey(document.activeElement);
  state.focusBefore = null;
  const view = currentView();
  renderViewChrome(view);
  renderChips();
  showError('');
  document.body.dataset.state = 'loading';
  try {
    if (view === 'overview') await loadOverview(seq);
    else if (view === 'requests') await loadRequests(seq, more, live);
    else await loadIncident(seq, params().get('incident'));
    if (seq !== state.loadSeq) return;
    // Back from an incident: to the control that opened it; otherwise to the control the redraw replaced.
    const back = view !== 'incident' ? state.returnFocus : null;
    if (back) state.returnFocus = null;
    if (view === 'incident' && !live) {
      const heading = headingOf('incident');
      if (heading && !heading.contains(document.activeElement)) heading.focus({ preventScroll: true });
    } else restoreFocus(back ?? state.focusBefore ?? focusAtStart);
    if (live && state.unannounced > 0) announceNewRecords();
    document.body.dataset.state = 'ready';
    document.body.dataset.loads = String(Number(document.body.dataset.loads ?? 0) + 1);
    if (!window.__firstRender) {
      window.__firstRender = performance.now();
      performance.mark('logbook-panels-rendered');
    }
  } catch (e) {
    if (seq !== state.loadSeq) return;
    document.body.dataset.state = 'error';
    showError(e.message);
  }
}

/**
 * Live refreshes never pile up: while one is being answered, further changes only mark the view stale, and one
 * more refresh follows when it is done (on big logs a report takes seconds and records arrive faster).
 */
export function scheduleRefresh() {
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(() => {
    if (state.paused) return;
    if (state.refreshing) {
      state.stale = true;
      return;
    }
    state.refreshing = true;
    void load(false, true).finally(() => {
      state.refreshing = false;
      if (state.stale) {
        state.stale = false;
        scheduleRefresh();
      }
    });
  }, 300);
}
