// Clicks and keys anywhere on the page, and the tickets' Solve and Reopen.
import { announce } from './announce.js';
import { api, showError } from './api.js';
import { closeDetail, focusKey, restoreFocus } from './focus.js';
import { load } from './loading.js';
import { renderSections } from './overview.js';
import { showRecord } from './requests.js';
import { state } from './state.js';
import { addFilter, navigate, removeFilter } from './url-state.js';

async function ticketAction(fp, action, button) {
  // A disabled button drops the focus: the redraw after the answer puts it on the ticket's new button.
  state.returnFocus = focusKey(button);
  button.disabled = true;
  try {
    await api(`/api/tickets/${encodeURIComponent(fp)}/${action}`, {
      method: 'POST',
      headers: { 'X-Logbook-Request': '1' },
    });
    await load();
  } catch (e) {
    showError(e.message);
    state.returnFocus = null;
    button.disabled = false;
    button.focus();
  }
}

export function onClick(ev) {
  const t = ev.target instanceof window.Element ? ev.target : null;
  if (!t) return;
  const v = t.closest('button.v');
  if (v) {
    ev.stopPropagation();
    addFilter(v.dataset.k, v.dataset.v);
    return;
  }
  const rm = t.closest('[data-remove]');
  if (rm) return removeFilter(rm.dataset.remove);
  if (t.closest('[data-clear]')) return navigate((q) => q.delete('f'));
  const inc = t.closest('[data-incident]');
  if (inc) {
    state.returnFocus = focusKey(inc);
    return navigate((q) => q.set('incident', inc.dataset.incident));
  }
  const view = t.closest('[data-view]');
  if (view)
    return navigate((q) => {
      q.delete('incident');
      if (view.dataset.view === 'requests') q.set('view', 'requests');
      else q.delete('view');
    });
  const ticket = t.closest('[data-ticket]');
  if (ticket) return void ticketAction(ticket.dataset.ticket, ticket.dataset.action, ticket);
  const expand = t.closest('[data-expand]');
  if (expand) {
    state.expanded.add(expand.dataset.expand);
    const key = focusKey(expand);
    if (state.report) renderSections(state.report);
    restoreFocus(key);
    return;
  }
  const copy = t.closest('[data-copy]');
  if (copy) {
    const text = document.getElementById(copy.dataset.copy).textContent;
    navigator.clipboard?.writeText(text).then(
      () => {
        copy.textContent = 'Copied';
        announce(() => 'Copied the replay command.');
      },
      () => {
        copy.textContent = 'Select and copy';
        announce(() => 'Could not copy: select the command and copy it.');
      },
    );
    return;
  }
  const row = t.closest('#records tr.rec');
  if (row) return void showRecord(row.dataset.id, false).catch((e) => showError(e.message));
}

export function onKey(ev) {
  if (ev.key === 'Escape' && !document.getElementById('detail').hidden) {
    ev.preventDefault();
    closeDetail();
    return;
  }
  if (ev.key !== 'Enter' && ev.key !== ' ') return;
  const t = ev.target instanceof window.Element ? ev.target : null;
  if (!t?.matches('#records tr.rec')) return;
  ev.preventDefault();
  void showRecord(t.dataset.id, true).catch((e) => showError(e.message));
}
