// The overview: the figure cards, and drawing every section from one report.
import { api } from './api.js';
import { renderCharts } from './charts.js';
import { focusKey } from './focus.js';
import { fmt, shortTime } from './format.js';
import {
  renderAttackers,
  renderAutomation,
  renderCrawlers,
  renderNotFound,
  renderSlow,
  renderTickets,
  renderUsers,
} from './panels.js';
import { clear, el, shown } from './safe-dom.js';
import { state } from './state.js';
import { value } from './tables.js';
import { apiQuery, filterTerms } from './url-state.js';

function card(label, n, metric, filter, note) {
  const num = el('span', { class: 'num', 'data-metric': metric }, fmt(n));
  const content = filter ? value(filter[0], filter[1], num) : num;
  // A button named "149" says nothing to a screen reader that reaches it with Tab: it is named "149 humans".
  if (content.tagName === 'BUTTON') content.setAttribute('aria-label', `${fmt(n)} ${label}`);
  const parts = [el('span', { class: 'card-label' }, label), content];
  if (note) parts.push(el('span', { class: 'card-note' }, note));
  return el('div', { class: 'card' }, ...parts);
}

/**
 * A client kind's clients, and how many of them the Attackers panel lists: the kind is what the user agent claims,
 * so a prober dressed as Firefox is among the humans' hits.
 */
function kindNote(k) {
  const clients = `${fmt(k.clients)} ${k.clients === 1 ? 'client' : 'clients'}`;
  if (!k.attackers) return clients;
  return `${clients} · ${fmt(k.attackers)} ${k.attackers === 1 ? 'attacker' : 'attackers'}`;
}

function renderCards(r) {
  const cards = document.getElementById('cards');
  clear(cards);
  const c = r.clients;
  cards.append(
    card('requests', r.totals.requests, 'totals.requests'),
    card('records', r.totals.records, 'totals.records'),
    card('clients', r.totals.clients, 'totals.clients'),
    card('server errors (5xx)', r.totals.errors, 'totals.errors', ['status', '5xx']),
    card('error records', r.totals.error_records, 'totals.error_records', ['level', 'ERROR']),
    card('humans', c.humans.hits, 'clients.humans', ['client', 'human'], kindNote(c.humans)),
    card('crawlers', c.crawlers.hits, 'clients.crawlers', ['client', 'crawler'], kindNote(c.crawlers)),
    card('scanners', c.scanners.hits, 'clients.scanners', ['client', 'scanner'], kindNote(c.scanners)),
    card('unknown', c.unknown.hits, 'clients.unknown', ['client', 'unknown'], kindNote(c.unknown)),
  );
  const statuses = el('div', { class: 'card statuses' }, el('span', { class: 'card-label' }, 'status'));
  for (const [cls, n] of Object.entries(r.status)) {
    statuses.append(
      el(
        'span',
        { class: `status s${cls[0]}` },
        value('status', cls, `${cls} `),
        el('span', { class: 'num', 'data-metric': `status.${cls}` }, fmt(n)),
      ),
    );
  }
  if (Object.keys(r.status).length === 0) statuses.append(el('span', { class: 'card-note' }, 'no requests'));
  cards.append(statuses);
  const span = document.getElementById('span');
  span.textContent = r.span.from ? `${shortTime(r.span.from)} → ${shortTime(r.span.to)}` : '';
}

/** What an empty log means, instead of a page of zeros that reads like "no filter matched". */
export function emptyLogs() {
  const where = (state.meta?.sources ?? []).join(', ');
  return state.meta?.follow === false
    ? `No records in ${where} (a snapshot: restart logbook serve to read new ones).`
    : `No records in ${where} yet. This page follows the logs and shows records as they are written.`;
}

export async function loadOverview(seq) {
  const { report, series, version } = await api(`/api/report${apiQuery()}`);
  if (seq !== state.loadSeq) return;
  state.focusBefore = focusKey(document.activeElement);
  state.version = version;
  const notice = document.getElementById('notice');
  notice.hidden = !(report.totals.records === 0 && filterTerms().length === 0);
  notice.textContent = notice.hidden ? '' : shown(emptyLogs());
  state.report = report;
  renderSections(report);
  renderCharts(report, series);
}

/** Every section of the overview but the charts (which keep their own state), from one report. */
export function renderSections(report) {
  renderCards(report);
  renderTickets(report);
  renderAttackers(report);
  renderUsers(report);
  renderCrawlers(report);
  renderAutomation(report);
  renderNotFound(report);
  renderSlow(report);
}
