// The live connection (server-sent events), reopened when the browser gives it up.
import { announce } from './announce.js';
import { renderLive } from './chrome.js';
import { load, scheduleRefresh } from './loading.js';
import { state } from './state.js';
import { currentView } from './url-state.js';

/** How long to wait before opening the live connection again once the browser has given it up. */
const LIVE_RETRY_MS = 2000;

export function connectLive(lostBefore = false) {
  const source = new EventSource('/api/events');
  let lost = lostBefore;
  source.addEventListener('open', () => {
    renderLive(true);
    if (lost) announce(() => 'Connected to the server again.');
    // Back after a restart or a lost connection: what is shown may be stale or an error, so load it again.
    if (lost) void load();
    lost = false;
  });
  source.addEventListener('error', () => {
    if (!lost) announce(() => 'Lost the connection to the server; reconnecting.');
    lost = true;
    renderLive(false);
    // A refused connection is retried by the browser, but an answer other than an event stream (the 503 of a
    // restarted server still loading its logs) closes it for good: open a new one, or the page stays stale.
    if (source.readyState === EventSource.CLOSED) setTimeout(() => connectLive(true), LIVE_RETRY_MS);
  });
  source.addEventListener('change', (ev) => {
    const change = JSON.parse(ev.data);
    if (state.paused) {
      state.pending += change.added;
      renderLive(true);
      return;
    }
    if (currentView() !== 'incident') {
      state.unannounced += change.added;
      scheduleRefresh();
    }
  });
  source.addEventListener('tickets', () => {
    if (!state.paused && currentView() === 'overview') scheduleRefresh();
  });
}
