// The incident view: the error and its causes, the request, the user, the trail and the session.
import { api } from './api.js';
import { focusKey } from './focus.js';
import { shortTime } from './format.js';
import { clear, el, multiline, shown } from './safe-dom.js';
import { state } from './state.js';
import { table, value } from './tables.js';

function kv(pairs) {
  return el(
    'dl',
    { class: 'kv' },
    pairs
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [el('dt', null, k), el('dd', null, v)]),
  );
}

function errorChain(err) {
  const items = [];
  let e = err;
  let depth = 0;
  while (e && depth < 20) {
    items.push(
      el(
        'li',
        null,
        el('strong', null, e.name ?? 'Error'),
        ': ',
        e.message ?? '',
        e.code !== undefined ? el('span', { class: 'muted' }, ` (code ${shown(e.code)})`) : '',
      ),
    );
    e = e.cause;
    depth++;
  }
  return el('ol', { class: 'chain' }, items);
}

export async function loadIncident(seq, ref) {
  const view = await api(`/api/incident/${encodeURIComponent(ref)}`);
  if (seq !== state.loadSeq) return;
  state.focusBefore = focusKey(document.activeElement);
  const box = document.getElementById('incident');
  clear(box);
  const inc = view.incident;
  const req = inc.request ?? {};
  const rx = inc.incident.received ?? {};
  const copyBtn = el(
    'button',
    {
      type: 'button',
      id: 'copy-replay',
      'data-copy': 'replay-command',
      'aria-label': 'Copy the replay command',
    },
    'Copy',
  );
  box.append(
    el(
      'h2',
      null,
      'Incident ',
      el('code', { class: 'ref' }, inc.incident.ref),
      ' ',
      el('span', { class: 'muted' }, shortTime(inc.time)),
    ),
    el(
      'section',
      { class: 'panel' },
      el('h3', null, 'Error'),
      inc.error ? errorChain(inc.error) : el('p', null, inc.message ?? 'no error recorded'),
      inc.error?.stack ? el('pre', { class: 'stack' }, multiline(inc.error.stack)) : '',
      inc.error?.fingerprint ? el('p', null, 'ticket ', el('code', null, inc.error.fingerprint)) : '',
    ),
    el(
      'section',
      { class: 'panel' },
      el('h3', null, 'Replay'),
      el(
        'p',
        null,
        'Re-send the session that led here to a copy of the application, and see whether the crash comes back:',
      ),
      el('div', { class: 'replay' }, el('code', { id: 'replay-command' }, view.replay.command), copyBtn),
      view.replay.missing.length > 0
        ? el(
            'p',
            { class: 'muted' },
            `Redacted when recorded; pass with --set: ${view.replay.missing.join(', ')}`,
          )
        : '',
      el(
        'details',
        null,
        el('summary', null, 'as a curl script'),
        el('pre', null, multiline(view.replay.curl)),
      ),
    ),
    el(
      'div',
      { class: 'grid' },
      el(
        'section',
        { class: 'panel' },
        el('h3', null, 'Request'),
        kv([
          ['method', req.method],
          ['path', req.path ? value('path', req.path) : ''],
          ['route', req.route],
          ['query', req.query],
          ['status', req.status !== undefined ? value('status', req.status) : ''],
          ['duration', req.duration_ms !== undefined ? `${req.duration_ms} ms` : ''],
          ['ip', req.ip ? value('ip', req.ip) : ''],
          ['user agent', req.ua],
          ['referer', req.referer],
          ['request id', req.id],
        ]),
        el('h4', null, 'As received'),
        el('pre', null, multiline(JSON.stringify(rx, null, 2))),
      ),
      el(
        'section',
        { class: 'panel' },
        el('h3', null, 'User and client'),
        kv([
          [
            'user',
            inc.user?.id
              ? value('user', inc.user.id, inc.user.name ? `${inc.user.name} (${inc.user.id})` : inc.user.id)
              : 'anonymous',
          ],
          ['email', inc.user?.email],
          ['client', inc.client?.kind ? value('client', inc.client.kind) : ''],
          ['browser', inc.client?.browser],
          ['os', inc.client?.os],
        ]),
      ),
    ),
    el(
      'section',
      { class: 'panel' },
      el('h3', null, 'Trail: every record this request produced'),
      table(
        ['time', 'level', 'channel', 'message'],
        (inc.incident.trail ?? []).map((t) => [
          shortTime(t.time),
          el('span', { class: `lvl lvl-${shown(t.level)}` }, t.level),
          t.channel ?? '',
          t.message ?? t.msg ?? '',
        ]),
        {
          limit: 1000,
          empty: 'No trail was recorded.',
          caption: 'Trail: every record this request produced',
        },
      ),
    ),
    el(
      'section',
      { class: 'panel' },
      el('h3', null, 'Session before it'),
      table(
        ['method', 'path', 'query', 'status'],
        (inc.incident.session_trail ?? []).map((s) => [
          s.method ?? '',
          s.path ? value('path', s.path) : '',
          s.query ?? '',
          s.status ?? '',
        ]),
        { limit: 1000, empty: 'No session trail was recorded.', caption: 'Session before the incident' },
      ),
      el('h4', null, 'The same user or client in the 30 minutes before, from the logs'),
      table(
        ['time', 'level', 'event', 'path', 'status', 'message'],
        view.before.map((b) => [
          shortTime(b.time),
          b.level,
          b.event ?? '',
          b.path ? value('path', b.path) : '',
          b.status ?? '',
          b.message ?? '',
        ]),
        {
          limit: 1000,
          empty: 'Nothing else from this user or client.',
          caption: 'The same user or client in the 30 minutes before',
        },
      ),
    ),
  );
}
