// The overview's panels: tickets, attackers, users, crawlers, automation, not found, slow routes.
import { clipped, fmt, millis, readableTarget, shortTime } from './format.js';
import { clear, el, shown } from './safe-dom.js';
import { ROWS_SHOWN, state } from './state.js';
import { table, value } from './tables.js';

function stateBadge(t) {
  const label = t.state === 'regressed' ? 'REGRESSED' : t.state;
  return el('span', { class: `badge ${t.state}`, 'data-state': t.state }, label);
}

export function renderTickets(r) {
  const body = document.querySelector('#panel-tickets .body');
  clear(body);
  const rows = r.tickets.map((t) => [
    stateBadge(t),
    state.filterKeys.has('ticket') ? value('ticket', t.fingerprint) : el('code', null, t.fingerprint),
    el('span', { class: 'err' }, clipped(t.error ?? '')),
    t.route ? value('path', t.route) : '',
    fmt(t.count),
    fmt(t.users),
    el('span', { class: 'nowrap' }, shortTime(t.last_seen)),
    t.latest_incident
      ? el('button', { type: 'button', class: 'link', 'data-incident': t.latest_incident }, t.latest_incident)
      : '',
    el(
      'button',
      {
        type: 'button',
        class: `ticket-action ${t.solved ? 'reopen' : 'solve'}`,
        'data-ticket': t.fingerprint,
        'data-action': t.solved ? 'reopen' : 'solve',
        // Heard on its own (Tab), "Solve" would not say which ticket; the name starts with the visible word.
        'aria-label': `${t.solved ? 'Reopen' : t.state === 'regressed' ? 'Solve again' : 'Solve'} ticket ${shown(t.fingerprint)}`,
      },
      t.solved ? 'Reopen' : t.state === 'regressed' ? 'Solve again' : 'Solve',
    ),
  ]);
  const wrap = table(
    ['state', 'fingerprint', 'error', 'where', 'count', 'users', 'last seen', 'latest', 'action'],
    rows,
    { empty: 'No crashes for these filters.', caption: 'Crash tickets' },
  );
  for (const [i, t] of r.tickets.slice(0, ROWS_SHOWN).entries()) {
    const tr = wrap.querySelectorAll('tbody tr')[i];
    tr.classList.add(`ticket-${t.state}`);
    tr.dataset.fingerprint = t.fingerprint;
  }
  body.append(wrap);
}

export function renderAttackers(r) {
  const body = document.querySelector('#panel-attackers .body');
  clear(body);
  const rows = r.attackers.map((a) => [
    el('span', { class: 'nowrap' }, value('ip', a.ip)),
    el('span', { class: `badge verdict-${shown(a.verdict)}` }, a.verdict),
    a.tool ?? '',
    el(
      'span',
      { class: 'list' },
      a.rules.map((id) => value('rule', id, `${id} ×${a.rule_hits[id] ?? 0}`)),
    ),
    fmt(a.requests),
    el(
      'span',
      { class: 'list' },
      // An example is the request as sent; its filter is its path (the query string is not a filter key).
      a.examples.map((p) => value('path', p.split('?')[0], readableTarget(p))),
    ),
    value('ua', a.ua),
  ]);
  body.append(
    table(['ip', 'verdict', 'tool', 'rules', 'requests', 'paths', 'user agent'], rows, {
      empty: 'No attackers for these filters.',
      caption: 'Attackers',
    }),
  );
}

export function renderUsers(r) {
  const body = document.querySelector('#panel-users .body');
  clear(body);
  const u = r.users;
  const actions = Object.keys(u.actions);
  body.append(
    el(
      'div',
      { class: 'mini-cards' },
      el(
        'div',
        { class: 'mini' },
        el('span', { class: 'card-label' }, 'users'),
        el('span', { class: 'num', 'data-metric': 'users.users' }, fmt(u.users)),
      ),
      actions.map((a) =>
        el(
          'div',
          { class: 'mini' },
          el('span', { class: 'card-label' }, value('event', a)),
          el('span', { class: 'num', 'data-metric': `users.actions.${a}` }, fmt(u.actions[a])),
        ),
      ),
    ),
  );
  const short = actions.map((a) => a.replace(/^user\./, '').replace('newsletter.', ''));
  body.append(
    el('h3', null, 'By browser'),
    table(
      ['browser', ...short],
      u.by_browser.map((b) => [value('browser', b.browser), ...actions.map((a) => fmt(b[a]))]),
      { caption: 'User actions by browser' },
    ),
  );
  body.append(
    el('h3', null, 'By operating system'),
    table(
      ['os', ...short],
      u.by_os.map((b) => [value('os', b.os), ...actions.map((a) => fmt(b[a]))]),
      { caption: 'User actions by operating system' },
    ),
  );
}

export function renderCrawlers(r) {
  const body = document.querySelector('#panel-crawlers .body');
  clear(body);
  body.append(
    table(
      ['crawler', 'hits', 'clients', '2xx', '3xx', '4xx', '5xx', 'top paths'],
      r.crawlers.map((c) => [
        value('name', c.name),
        fmt(c.hits),
        fmt(c.clients),
        fmt(c.statuses['2xx']),
        fmt(c.statuses['3xx']),
        fmt(c.statuses['4xx']),
        fmt(c.statuses['5xx']),
        el(
          'span',
          { class: 'list' },
          c.top_paths.map((p) => value('path', p.path, `${p.path} (${fmt(p.hits)})`)),
        ),
      ]),
      { empty: 'No crawlers for these filters.', caption: 'Crawlers' },
    ),
  );
  body.append(
    el('h3', null, 'Restricted pages reached by crawlers'),
    table(
      ['path', 'status', 'login needed', 'hits', 'crawlers', 'last seen'],
      (r.crawlers_restricted_pages ?? []).map((p) => [
        value('path', p.path),
        el(
          'span',
          { class: 'list' },
          p.statuses.map((st) => value('status', st)),
        ),
        p.auth_required ? 'yes' : 'no',
        fmt(p.hits),
        el(
          'span',
          { class: 'list' },
          p.crawlers.map((n) => value('name', n)),
        ),
        el('span', { class: 'nowrap' }, shortTime(p.last_seen)),
      ]),
      // As many as the terminal report shows: each row is one link or sitemap entry to fix, and a long list
      // would push every section below it out of sight.
      {
        limit: 10,
        empty: 'No crawler reached a restricted page.',
        caption: 'Restricted pages reached by crawlers',
      },
    ),
  );
}

// Unknown clients by name: headless browsers, programs driving a browser, HTTP tools, empty user agents. Older
// reports (or servers) without clients.unknown.by_name show nothing rather than failing.
export function renderAutomation(r) {
  const body = document.querySelector('#panel-automation .body');
  clear(body);
  const u = r.clients.unknown;
  body.append(
    el(
      'p',
      null,
      el('span', { class: 'num', 'data-metric': 'clients.unknown.hits' }, fmt(u.hits)),
      ' requests from ',
      fmt(u.clients),
      ' clients the classifier could not call human, crawler or scanner.',
    ),
    table(
      ['name', 'reason', 'hits', 'clients'],
      (u.by_name ?? []).map((b) => [
        value('name', b.name),
        clipped(b.reason ?? '–'),
        fmt(b.hits),
        fmt(b.clients),
      ]),
      { empty: 'No automation or tools for these filters.', caption: 'Automation and tools' },
    ),
  );
}

export function renderNotFound(r) {
  const body = document.querySelector('#panel-notfound .body');
  clear(body);
  const nf = r.not_found;
  body.append(
    el(
      'p',
      null,
      el('span', { class: 'num', 'data-metric': 'not_found.total' }, fmt(nf.total)),
      ' not-found responses; ',
      fmt(nf.probes.hits),
      ' of them probes by ',
      fmt(nf.probes.clients),
      ' clients.',
    ),
    el('h3', null, 'Broken links (from this site’s own pages)'),
    table(
      ['path', 'linked from', 'hits'],
      nf.broken_links.map((b) => [
        value('path', b.path),
        el('span', { class: 'ref' }, clipped(b.referer)),
        fmt(b.hits),
      ]),
      { empty: 'No broken internal links.', caption: 'Broken links from this site’s own pages' },
    ),
    el('h3', null, 'Probes'),
    table(
      ['path', 'hits'],
      nf.probes.top.map((p) => [value('path', p.path), fmt(p.hits)]),
      { empty: 'No probes.', caption: 'Not found: probes' },
    ),
    el('h3', null, 'Other'),
    table(
      ['path', 'hits'],
      nf.other.map((p) => [value('path', p.path), fmt(p.hits)]),
      { empty: 'Nothing else.', caption: 'Not found: other paths' },
    ),
  );
}

export function renderSlow(r) {
  const body = document.querySelector('#panel-slow .body');
  clear(body);
  body.append(
    table(
      ['route', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      r.slow_routes.map((s) => {
        const sp = s.route.indexOf(' ');
        const route = sp > 0 ? s.route.slice(sp + 1) : s.route;
        // A route= filter matches what the row shows: the framework's route, or the path with its ids folded.
        return [
          value('route', route, s.route),
          fmt(s.count),
          millis(s.p50),
          millis(s.p95),
          millis(s.p99),
          millis(s.max),
        ];
      }),
      { empty: 'No timed requests.', caption: 'Slow routes' },
    ),
  );
}
