// Live updates said to screen readers, at most once every few seconds.
import { fmt } from './format.js';
import { state } from './state.js';
import { currentView } from './url-state.js';

/** How long a screen reader is left in peace between two live announcements: updates come in bursts. */
const ANNOUNCE_EVERY_MS = 5_000;

/**
 * Says `text()` (evaluated when said) in the polite status region, at most once every ANNOUNCE_EVERY_MS: what
 * arrives in between is folded into the next announcement rather than read out record by record.
 */
export function announce(text) {
  state.announceText = text;
  if (state.announceTimer !== undefined) return;
  const wait = Math.max(0, state.announcedAt + ANNOUNCE_EVERY_MS - Date.now());
  state.announceTimer = setTimeout(() => {
    state.announceTimer = undefined;
    state.announcedAt = Date.now();
    document.getElementById('announce').textContent = state.announceText();
  }, wait);
}

/** The live update's announcement: how many records came since the last one said. */
export function announceNewRecords() {
  announce(() => {
    const n = state.unannounced;
    state.unannounced = 0;
    const view = currentView() === 'requests' ? 'requests view' : currentView();
    return `${fmt(n)} new ${n === 1 ? 'record' : 'records'}; the ${view} is up to date.`;
  });
}
