import type { Report } from '../report/build-report.js';
import { spanText } from './span-text.js';
import type { KindFigures } from '../report/client-stats.js';
import {
  hasUserActivity,
  WHERE_ACTIONS_COME_FROM,
  USER_ACTION_COLUMNS,
  USER_ACTIONS,
} from '../report/users.js';
import { safeText } from './escape.js';
import { visibleLength, type Style } from './style.js';
import { bar, textTable } from './text-table.js';
import { counted, millis } from './counted.js';
import { shortTime } from './short-time.js';
import { wrapItems } from './wrap-items.js';
import { readableTarget } from './readable-target.js';
import { userAgentSummary } from './user-agent-summary.js';
import { rulesBySeverity } from './rules-by-severity.js';
import { clipToWidth, MIN_WIDTH } from './display-width.js';

export interface TerminalOptions {
  width: number;
  style: Style;
  /** Rows per table. */
  limit?: number;
}

const pct = (n: number, total: number): string => (total > 0 ? `${((n / total) * 100).toFixed(1)}%` : '-');
const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * The report as a one-screen-per-section text page, no line wider than `options.width` terminal columns (at least
 * MIN_WIDTH). Every piece of log content goes through safeText.
 */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const { style: s } = options;
  const width = Math.max(MIN_WIDTH, Math.floor(options.width));
  const limit = options.limit ?? 10;
  const out: string[] = [];
  const heading = (title: string, note = ''): void => {
    out.push('', s.bold(s.cyan(title)) + (note ? s.dim(`  ${note}`) : ''));
  };
  const t = report.totals;
  out.push(
    s.bold('Logbook report') +
      s.dim(`  ${spanText(report)} · ${counted(report.sources.length, 'source file')}`),
  );
  if (report.filters.where?.length || report.filters.since || report.filters.until) {
    const f = [...(report.filters.where ?? [])];
    if (report.filters.since) f.push(`since ${report.filters.since}`);
    if (report.filters.until) f.push(`until ${report.filters.until}`);
    // Every term is log text a person typed or pasted: long ones wrap, each line within the width.
    const lines = wrapItems(f.map(safeText), ', ', width - 'filtered: '.length, '');
    out.push(...lines.map((line, i) => s.yellow(`${i === 0 ? 'filtered: ' : '          '}${line}`)));
  }

  // A table cut to --limit says so, and how to see the rest.
  const more = (total: number, what: string): void => {
    if (total > limit)
      out.push(s.dim(`  … ${counted(total - limit, `more ${what}`)} (--limit or --json shows them)`));
  };

  heading('Overview');
  const c = report.clients;
  const barWidth = Math.max(10, Math.min(40, width - 50));
  const kinds: [string, KindFigures, (x: string) => string][] = [
    ['humans', c.humans, s.green],
    ['crawlers', c.crawlers, s.cyan],
    ['scanners', c.scanners, s.red],
    ['unknown', c.unknown, s.dim],
  ];
  const anyAttackers = kinds.some(([, k]) => k.attackers > 0);
  out.push(
    ...wrapItems(
      [
        counted(t.requests, 'request'),
        counted(t.clients, 'client'),
        counted(t.records, 'record'),
        `${counted(t.errors, 'server error')} (5xx)`,
        counted(t.error_records, 'ERROR record'),
      ],
      ' · ',
      width,
    ),
  );
  out.push(
    textTable(
      [
        { title: 'kind' },
        { title: 'hits', align: 'right' },
        { title: 'share', align: 'right' },
        { title: 'clients', align: 'right' },
        // How many of those clients the Attackers section lists (the kind is what the user agent claims).
        ...(anyAttackers ? [{ title: 'attackers', align: 'right' as const }] : []),
        { title: '' },
      ],
      kinds.map(
        ([name, k]) =>
          [
            name,
            fmt(k.hits),
            pct(k.hits, t.requests),
            fmt(k.clients),
            ...(anyAttackers ? [k.attackers === 0 ? '' : fmt(k.attackers)] : []),
            '',
          ] as unknown[],
      ),
      width,
      s,
    )
      .split('\n')
      .map((line, i, lines) => {
        if (i === 0) return line;
        const [, k, colour] = kinds[i - 1]!;
        const b = bar(k.hits, t.requests, barWidth);
        // No bar, no trailing blanks (a 0 share would leave the gap before it at the line's end). A row whose last
        // cell is empty is shorter than the title line: padded to it, every bar starts in the same place.
        const padding = ' '.repeat(Math.max(0, visibleLength(lines[0]!) - visibleLength(line)));
        return b === '' ? line : `${line}${padding}  ${colour(b)}`;
      })
      .join('\n'),
  );
  const statusLine = Object.entries(report.status)
    .map(([k, n]) => {
      const colour = k === '5xx' ? s.red : k === '4xx' ? s.yellow : k === '2xx' ? s.green : (x: string) => x;
      return colour(`${k} ${fmt(n)} (${pct(n, t.requests)})`);
    })
    .join('  ');
  out.push(`  status: ${statusLine || '-'}`);

  heading('Users', counted(report.users.users, 'distinct user'));
  const a = report.users.actions;
  if (!hasUserActivity(report.users))
    out.push(
      ...wrapItems(`none recorded: ${WHERE_ACTIONS_COME_FROM}`.split(' '), ' ', width).map((line) =>
        s.dim(line),
      ),
    );
  else
    out.push(
      ...wrapItems(
        USER_ACTIONS.map((k) => `${k} ${s.bold(fmt(a[k]))}`),
        ' · ',
        width,
      ),
    );
  if (report.users.by_browser.length > 0) {
    out.push(
      textTable(
        [
          { title: 'browser', flex: true },
          ...USER_ACTIONS.map((k) => ({ title: USER_ACTION_COLUMNS[k], align: 'right' as const })),
        ],
        report.users.by_browser
          .slice(0, limit)
          .map((b) => [b.browser, ...USER_ACTIONS.map((k) => fmt(b[k]))]),
        width,
        s,
      ),
    );
    more(report.users.by_browser.length, 'browser');
  }
  if (report.users.by_os.length > 0) {
    out.push(
      textTable(
        [
          { title: 'os', flex: true },
          ...USER_ACTIONS.map((k) => ({ title: USER_ACTION_COLUMNS[k], align: 'right' as const })),
        ],
        report.users.by_os.slice(0, limit).map((b) => [b.os, ...USER_ACTIONS.map((k) => fmt(b[k]))]),
        width,
        s,
      ),
    );
    more(report.users.by_os.length, 'operating system');
  }

  heading('Crawlers', `${counted(c.crawlers.hits, 'hit')} from ${counted(c.crawlers.clients, 'client')}`);
  if (report.crawlers.length === 0) out.push(s.dim('  none'));
  else {
    out.push(
      textTable(
        [
          { title: 'crawler' },
          { title: 'hits', align: 'right' },
          { title: 'clients', align: 'right' },
          { title: '4xx', align: 'right' },
          { title: 'most fetched', flex: true },
        ],
        report.crawlers
          .slice(0, limit)
          .map((k) => [
            k.name,
            fmt(k.hits),
            fmt(k.clients),
            fmt(k.statuses['4xx'] ?? 0),
            k.top_paths[0]?.path ?? '',
          ]),
        width,
        s,
      ),
    );
    more(report.crawlers.length, 'crawler');
  }
  if (report.crawlers_restricted.length > 0) {
    const pages = report.crawlers_restricted_pages;
    out.push(s.yellow('  Crawlers on login-only pages or refused (401/403): fix your sitemap or links'));
    out.push(
      textTable(
        [
          { title: 'path', flex: true },
          { title: 'status', align: 'right' },
          { title: 'hits', align: 'right' },
          { title: 'crawlers', flex: true },
        ],
        pages
          .slice(0, limit)
          .map((p) => [p.path, p.statuses.join(',') || '-', fmt(p.hits), p.crawlers.join(', ')]),
        width,
        s,
      ),
    );
    more(pages.length, 'page');
  }

  if (c.unknown.by_name.length > 0) {
    heading(
      'Automation and tools',
      `${counted(c.unknown.hits, 'hit')} from ${counted(c.unknown.clients, 'client')}`,
    );
    out.push(
      textTable(
        [
          { title: 'name', flex: true },
          { title: 'reason', flex: true },
          { title: 'hits', align: 'right' },
          { title: 'clients', align: 'right' },
        ],
        c.unknown.by_name.slice(0, limit).map((u) => [u.name, u.reason ?? '-', fmt(u.hits), fmt(u.clients)]),
        width,
        s,
      ),
    );
    more(c.unknown.by_name.length, 'name');
  }

  heading('Attackers', counted(report.attackers.length, 'client'));
  if (report.attackers.length === 0) out.push(s.dim('  none'));
  const groups = new Map<string, Report['attackers']>();
  for (const at of report.attackers) groups.set(at.verdict, [...(groups.get(at.verdict) ?? []), at]);
  for (const [verdict, list] of groups) {
    out.push(`  ${s.red(s.bold(safeText(verdict)))} ${s.dim(`(${list.length})`)}`);
    out.push(
      textTable(
        [
          { title: 'ip' },
          { title: 'req', align: 'right' },
          { title: 'rules', flex: true },
          { title: 'example', flex: true },
          // The tool when the tracker named one (its user agent says no more), else what the user agent claims.
          { title: 'tool or user agent', flex: true },
          { title: 'last seen' },
        ],
        list
          .slice(0, limit)
          .map((x) => [
            x.ip,
            fmt(x.requests),
            rulesBySeverity(x.rules).join(' '),
            readableTarget(x.examples[0] ?? ''),
            x.tool ?? (x.ua ? userAgentSummary(x.ua) : '-'),
            shortTime(x.last_seen),
          ]),
        width,
        s,
      ),
    );
    more(list.length, 'client');
  }

  heading('Crashes (tickets)', counted(report.tickets.length, 'ticket'));
  if (report.tickets.length === 0) out.push(s.dim('  none'));
  else {
    out.push(
      textTable(
        [
          { title: 'state', colour: (v) => (v === 'open' || v === 'regressed' ? s.red(v) : s.green(v)) },
          { title: 'fingerprint' },
          { title: 'error', flex: true },
          { title: 'count', align: 'right' },
          { title: 'users', align: 'right' },
          { title: 'last seen' },
          { title: 'latest' },
        ],
        report.tickets
          .slice(0, limit)
          .map((k) => [
            k.state,
            k.fingerprint,
            k.error ?? '',
            fmt(k.count),
            fmt(k.users),
            shortTime(k.last_seen),
            k.latest_incident ?? '',
          ]),
        width,
        s,
      ),
    );
    more(report.tickets.length, 'ticket');
  }

  const nf = report.not_found;
  heading(
    'Not found',
    `${counted(nf.total, '404')} · ${fmt(nf.probes.hits)} from probes · site: ${safeText(nf.site_hosts.join(', ') || 'unknown')}`,
  );
  if (nf.broken_links.length > 0) {
    out.push('  Broken links (humans following a link on this site):');
    out.push(
      textTable(
        [
          { title: 'path', flex: true },
          { title: 'linked from', flex: true },
          { title: 'hits', align: 'right' },
        ],
        nf.broken_links.slice(0, limit).map((b) => [b.path, b.referer, fmt(b.hits)]),
        width,
        s,
      ),
    );
    more(nf.broken_links.length, 'broken link');
  } else out.push(s.dim('  no broken internal links'));
  if (nf.other.length > 0) {
    out.push('  Other 404s:');
    out.push(
      textTable(
        [
          { title: 'path', flex: true },
          { title: 'hits', align: 'right' },
        ],
        nf.other.slice(0, limit).map((b) => [b.path, fmt(b.hits)]),
        width,
        s,
      ),
    );
    more(nf.other.length, 'path');
  }

  heading('Slow routes');
  if (report.slow_routes.length === 0) {
    // Requests without durations come from access logs; with no requests at all there is nothing to explain.
    out.push(
      s.dim(t.requests === 0 ? '  none' : '  no durations recorded (for access logs see --request-time)'),
    );
  } else {
    out.push(
      textTable(
        [
          { title: 'route', flex: true },
          { title: 'count', align: 'right' },
          { title: 'p50 ms', align: 'right' },
          { title: 'p95 ms', align: 'right' },
          { title: 'p99 ms', align: 'right' },
        ],
        report.slow_routes
          .slice(0, limit)
          .map((r) => [r.route, fmt(r.count), millis(r.p50), millis(r.p95), millis(r.p99)]),
        width,
        s,
      ),
    );
    more(report.slow_routes.length, 'route');
  }

  if (report.skipped.count > 0) {
    heading('Skipped lines', `${fmt(report.skipped.count)} malformed`);
    for (const f of report.skipped.files) {
      // `file: 2 (line 3: reason; line 9: reason)`, broken between words where it is too long for a line (the
      // reason is what to act on: it wraps rather than being cut).
      const samples = f.samples.map((x) => `line ${x.line}: ${safeText(x.reason)}`);
      const text = `${safeText(f.file)}: ${fmt(f.count)}${samples.length > 0 ? ` (${samples.join('; ')})` : ''}`;
      out.push(
        ...wrapItems(text.split(' '), ' ', width - 2).map((line, i) => (i === 0 ? line : `  ${line}`)),
      );
    }
  }
  // Headings and notes carry log text too (site hosts, file names): none may run past the width.
  const lines = out.join('\n').split('\n'); // a table is one entry of several lines
  return lines.map((line) => clipToWidth(line, width)).join('\n') + '\n';
}
