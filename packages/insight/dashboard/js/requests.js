// The requests view: the records table and one record in full.
import { api } from './api.js';
import { focusKey } from './focus.js';
import { fmt, shortTime } from './format.js';
import { emptyLogs } from './overview.js';
import { clear, el, multiline, shown } from './safe-dom.js';
import { state } from './state.js';
import { value } from './tables.js';
import { apiQuery, filterTerms } from './url-state.js';

function recordRow(r, fresh) {
  const isRequest = r.event === 'http.request';
  const what =
    isRequest || r.path
      ? value('path', r.path)
      : el('span', null, value('event', r.event), ' ', el('span', { class: 'muted' }, r.message ?? ''));
  const client = r.kind ? value('client', r.kind, r.client ? `${r.kind} · ${r.client}` : r.kind) : '';
  const tr = el(
    'tr',
    {
      class: `rec${fresh ? ' fresh' : ''}${r.status >= 500 || r.level === 'ERROR' || r.level === 'CRITICAL' ? ' bad' : ''}`,
      'data-id': String(r.id),
      // Reachable with Tab and opened with Enter, like the mouse's click; the hint above says so when focused.
      tabindex: '0',
      'aria-describedby': 'records-hint',
    },
    el('td', { class: 'time' }, shortTime(r.time)),
    el('td', { class: 'nowrap' }, value('level', r.level)),
    el('td', { class: 'nowrap' }, r.status === null ? '' : value('status', r.status)),
    el('td', { class: 'nowrap' }, r.method ?? ''),
    el(
      'td',
      { class: 'path' },
      what,
      r.incident
        ? el('button', { type: 'button', class: 'link', 'data-incident': r.incident }, ` ${r.incident}`)
        : '',
    ),
    el('td', { class: 'who' }, client),
    el('td', { class: 'nowrap' }, value('ip', r.ip)),
    el('td', { class: 'who' }, r.user_id ? value('user', r.user_id, r.user ?? r.user_id) : ''),
    el(
      'td',
      null,
      el(
        'span',
        { class: 'list' },
        r.signals.map((s) => value('rule', s)),
      ),
    ),
    el('td', { class: 'ua' }, r.ua ? el('span', { class: 'cut', title: shown(r.ua) }, r.ua) : ''),
    el(
      'td',
      { class: 'ref' },
      r.referer ? el('span', { class: 'cut', title: shown(r.referer) }, r.referer) : '',
    ),
  );
  return tr;
}

export async function loadRequests(seq, more, live) {
  const cursor = more ? state.nextCursor : undefined;
  const page = await api(`/api/records${apiQuery({ limit: '100', before: cursor })}`);
  if (seq !== state.loadSeq) return;
  state.focusBefore = focusKey(document.activeElement);
  state.version = page.version;
  const tbody = document.querySelector('#records tbody');
  if (!more) clear(tbody);
  // Rows that arrived live are highlighted; any other load starts a new set of seen rows.
  const previous = state.seenIds;
  if (!more && !live) state.seenIds = new Set();
  for (const r of page.records) {
    const fresh = live && !more && previous.size > 0 && !previous.has(r.id);
    state.seenIds.add(r.id);
    tbody.append(recordRow(r, fresh));
  }
  state.nextCursor = page.next;
  document.getElementById('more').hidden = !page.next;
  document.getElementById('records-total').textContent = `(${fmt(page.total)} matching)`;
  if (page.records.length === 0 && !more) {
    tbody.append(
      el(
        'tr',
        null,
        el(
          'td',
          { colspan: '11', class: 'muted empty' },
          filterTerms().length > 0 ? 'No records match these filters.' : emptyLogs(),
        ),
      ),
    );
  }
}

/** Opens a record's full record beside the table; from the keyboard (`moveFocus`) the focus goes to it. */
export async function showRecord(id, moveFocus) {
  const rec = await api(`/api/record/${encodeURIComponent(id)}`);
  const aside = document.getElementById('detail');
  const pre = document.getElementById('detail-json');
  clear(pre);
  pre.append(multiline(JSON.stringify(rec, null, 2)));
  const actions = document.getElementById('detail-actions');
  clear(actions);
  if (rec.incident && rec.incident.ref)
    actions.append(
      el(
        'button',
        { type: 'button', class: 'link', 'data-incident': rec.incident.ref },
        `Open incident ${rec.incident.ref}`,
      ),
    );
  aside.hidden = false;
  for (const tr of document.querySelectorAll('#records tr.selected')) tr.classList.remove('selected');
  document.querySelector(`#records tr[data-id="${CSS.escape(String(id))}"]`)?.classList.add('selected');
  state.detailRow = id;
  if (moveFocus) document.getElementById('detail-title').focus();
}
