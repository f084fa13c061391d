import type { Report } from '../report/build-report.js';
import { spanText } from './span-text.js';
import { hasUserActivity, WHERE_ACTIONS_COME_FROM, USER_ACTIONS } from '../report/users.js';
import { BUCKET_MS, type BucketSize } from '../report/time-buckets.js';
import { escapeHtml as e } from './escape.js';
import { counted, millis } from './counted.js';
import { shortTime } from './short-time.js';
import { readableTarget } from './readable-target.js';
import { rulesBySeverity } from './rules-by-severity.js';

/** A time cell: shown as `2026-11-21 10:05:00` (UTC) and never wrapped. */
interface TimeCell {
  time: string | null | undefined;
}
type Cell = string | number | TimeCell;

const at = (time: string | null | undefined): TimeCell => ({ time });

/**
 * Columns of long text from the logs (paths, user agents): these may break anywhere, so one long URL cannot push
 * the table off the page. Every other cell breaks only between words, so an IP address or a verdict stays whole.
 */
const LONG_TEXT = new Set([
  'user agent',
  'examples',
  'most fetched',
  'path',
  'linked from',
  'error',
  'file',
  'route',
]);
/** Columns of short tokens that read wrong when split, even at a hyphen (`admin-scan`, an IP, a reference). */
const TOKENS = new Set(['verdict', 'ip', 'state', 'tool', 'fingerprint', 'latest']);

/**
 * A table whose number and time columns keep each value on one line (numbers right-aligned, with thousands
 * separators); `empty` says what is missing when there are no rows. Each cell carries its column's name, which a
 * phone shows beside the value when the rows are laid out as cards. The caption names the table for a screen reader
 * (which lists tables by it); the heading above says the same to the eye, so the caption is not drawn.
 */
function table(caption: string, head: string[], body: Cell[][], empty = 'None in this period.'): string {
  if (body.length === 0) return `<p class="none">${e(empty)}</p>`;
  const numeric = head.map((_, i) => body.some((r) => typeof r[i] === 'number'));
  const kind = head.map((h, i) =>
    numeric[i] ? ' class="n"' : LONG_TEXT.has(h) ? ' class="w"' : TOKENS.has(h) ? ' class="t"' : '',
  );
  const label = head.map((h) => ` data-label="${e(h)}"`);
  const cell = (v: Cell | undefined, i: number): string => {
    if (typeof v === 'number') return `<td class="n"${label[i]}>${e(v.toLocaleString('en-US'))}</td>`;
    if (typeof v === 'object') return `<td class="t"${label[i]}>${e(shortTime(v.time))}</td>`;
    return `<td${kind[i]}${label[i]}>${e(v ?? '')}</td>`;
  };
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="n"' : ''}>${e(h)}</th>`).join('');
  const rows = body.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  return `<table${head.length > 3 ? ' class="wide"' : ''}><caption class="vh">${e(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * One self-contained HTML file: inline CSS and SVG charts, no script, no external resource. Every value from
 * the logs passes through escapeHtml.
 */
export function renderHtml(report: Report): string {
  const t = report.totals;
  const c = report.clients;
  const sections = [
    `<section><h2>Overview</h2>
      <p class="kpi"><b>${e(t.requests.toLocaleString('en-US'))}</b> ${t.requests === 1 ? 'request' : 'requests'} <b>${e(t.clients.toLocaleString('en-US'))}</b> ${t.clients === 1 ? 'client' : 'clients'}
      <b>${e(t.errors.toLocaleString('en-US'))}</b> ${t.errors === 1 ? 'server error' : 'server errors'}</p>
      ${kindBars(report)}
      ${attackersByKind(report)}
      ${timelineChart(report)}
      ${table(
        'Requests by status class',
        ['status', 'hits'],
        Object.entries(report.status).map(([k, n]) => [k, n]),
        'No requests in this period.',
      )}
    </section>`,
    hasUserActivity(report.users)
      ? `<section><h2>Users</h2>
      ${table(
        'User actions',
        ['action', 'count'],
        USER_ACTIONS.map((a) => [a, report.users.actions[a]]),
      )}
      ${table(
        'User actions by browser',
        ['browser', ...USER_ACTIONS],
        report.users.by_browser.map((b) => [b.browser, ...USER_ACTIONS.map((a) => b[a])]),
        'No user actions by browser in this period.',
      )}
      ${table(
        'User actions by operating system',
        ['os', ...USER_ACTIONS],
        report.users.by_os.map((b) => [b.os, ...USER_ACTIONS.map((a) => b[a])]),
        'No user actions by OS in this period.',
      )}
    </section>`
      : `<section><h2>Users</h2><p class="none">${e(`No user actions in this period: ${WHERE_ACTIONS_COME_FROM}.`)}</p></section>`,
    `<section><h2>Crawlers</h2>
      ${table(
        'Crawlers',
        ['crawler', 'hits', 'clients', 'most fetched'],
        report.crawlers.map((k) => [k.name, k.hits, k.clients, k.top_paths.map((p) => p.path).join(' · ')]),
        'No crawlers in this period.',
      )}
      <h3>Reaching login-only pages or refused (fix your sitemap or links)</h3>
      ${table(
        'Login-only or refused pages reached by crawlers',
        ['path', 'status', 'hits', 'crawlers'],
        report.crawlers_restricted_pages.map((p) => [
          p.path,
          p.statuses.join(', ') || '-',
          p.hits,
          p.crawlers.join(', '),
        ]),
      )}
    </section>`,
    `<section><h2>Automation and tools</h2>
      ${table(
        'Automation and tools',
        ['name', 'reason', 'hits', 'clients'],
        c.unknown.by_name.map((u) => [u.name, u.reason ?? '-', u.hits, u.clients]),
      )}
    </section>`,
    `<section><h2>Attackers</h2>
      ${table(
        'Attackers',
        ['verdict', 'ip', 'user agent', 'tool', 'requests', 'rules', 'examples', 'first seen', 'last seen'],
        report.attackers.map((a) => [
          a.verdict,
          a.ip,
          a.ua ?? '-',
          a.tool ?? '',
          a.requests,
          rulesBySeverity(a.rules).join(', '),
          a.examples.map(readableTarget).join(' · '),
          at(a.first_seen),
          at(a.last_seen),
        ]),
        'No attackers in this period.',
      )}
    </section>`,
    `<section><h2>Crashes (tickets)</h2>
      ${table(
        'Crashes (tickets)',
        ['state', 'fingerprint', 'error', 'count', 'users', 'first seen', 'last seen', 'latest'],
        report.tickets.map((k) => [
          k.state,
          k.fingerprint,
          k.error ?? '',
          k.count,
          k.users,
          at(k.first_seen),
          at(k.last_seen),
          k.latest_incident ?? '',
        ]),
        'No crashes in this period.',
      )}
    </section>`,
    `<section><h2>Not found</h2>
      <p>${e(report.not_found.total)} 404s, ${e(report.not_found.probes.hits)} from probes.</p>
      <h3>Broken links</h3>
      ${table(
        'Broken links',
        ['path', 'linked from', 'hits'],
        report.not_found.broken_links.map((b) => [b.path, b.referer, b.hits]),
      )}
      <h3>Most probed</h3>
      ${table(
        'Most probed paths',
        ['path', 'hits'],
        report.not_found.probes.top.map((p) => [p.path, p.hits]),
      )}
    </section>`,
    `<section><h2>Slow routes</h2>
      ${table(
        'Slow routes',
        ['route', 'count', 'p50 ms', 'p95 ms', 'p99 ms'],
        report.slow_routes.map((r) => [r.route, r.count, millis(r.p50), millis(r.p95), millis(r.p99)]),
      )}
    </section>`,
    `<section><h2>Skipped lines</h2>
      ${table(
        'Skipped lines',
        ['file', 'count', 'first lines'],
        report.skipped.files.map((f) => [
          f.file,
          f.count,
          f.samples.map((s) => `${s.line}: ${s.reason}`).join('; '),
        ]),
      )}
    </section>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Logbook report ${e(report.span.from ? `${shortTime(report.span.from)} UTC` : '')}</title>
<style>
:root{--bg:#fff;--ink:#222;--muted:#595959;--soft:#444;--rule:#ccc;--row-rule:#eee;--human:#2a9d4b;--crawler:#2a7bbd;--scanner:#c0392b;--unknown:#767676}
/* A dark desktop gets a dark report (CSS only: the CSP allows no script); every text keeps 4.5:1 on it. */
@media (prefers-color-scheme:dark){:root{color-scheme:dark;--bg:#111418;--ink:#e3e8ee;--muted:#9ba5b0;--soft:#c5cdd6;--rule:#434b55;--row-rule:#2a3038;--human:#3fb950;--crawler:#4a9ee0;--scanner:#f0625a;--unknown:#8b949e}}
body{font:14px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:var(--ink);background:var(--bg)}
h1{font-size:1.5rem}h2{border-bottom:1px solid var(--rule);margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border-bottom:1px solid var(--row-rule);padding:.2rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{white-space:nowrap}.w{overflow-wrap:anywhere}.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.t{white-space:nowrap}.none{color:var(--muted)}.kpi b{font-size:1.4rem;margin-left:1rem}
.bars{display:grid;grid-template-columns:max-content minmax(0,32rem) max-content;gap:4px 8px;align-items:center;font-size:12px;color:var(--soft)}
.bars>:nth-child(3n){text-align:right;font-variant-numeric:tabular-nums}.bar{display:block;height:16px;min-width:1px}.bar.zero{min-width:0}.k-human{background:var(--human);fill:var(--human)}.k-crawler{background:var(--crawler);fill:var(--crawler)}.k-scanner{background:var(--scanner);fill:var(--scanner)}.k-unknown{background:var(--unknown);fill:var(--unknown)}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:12px;color:var(--soft);margin:.3rem 0}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem}
summary{cursor:pointer;color:var(--soft)}:focus-visible{outline:2px solid var(--crawler);outline-offset:2px}
.timeline{max-width:700px}.timeline svg{display:block;width:100%;height:140px}.ends{display:flex;justify-content:space-between;font-size:11px;color:var(--soft)}
/* A phone has no room for nine columns: the rows of a wide table become cards of "column value" lines. */
@media (max-width:40rem){body{margin:1rem auto}.kpi b{margin-left:0}td.w,td:not(.n,.t){overflow-wrap:anywhere}
table.wide,.wide tbody,.wide tr{display:block}.wide thead{display:none}.wide tr{border-bottom:1px solid var(--rule);padding:.3rem 0}
.wide td[data-label]{display:grid;grid-template-columns:9rem minmax(0,1fr);gap:.5rem;border:0;padding:.1rem 0;text-align:left}
.wide td::before{content:attr(data-label);color:var(--muted);font-size:12px;overflow-wrap:anywhere}}
</style></head><body><main>
<h1>Logbook report</h1>
<p>${e(spanText(report).replace(/^n/, 'N'))} · ${e(counted(report.sources.length, 'source file'))} · generated ${e(shortTime(report.generated_at))}</p>
${sections.join('\n')}
</main></body></html>
`;
}

function kindBars(report: Report): string {
  const c = report.clients;
  const items: [string, number][] = [
    ['human', c.humans.hits],
    ['crawler', c.crawlers.hits],
    ['scanner', c.scanners.hits],
    ['unknown', c.unknown.hits],
  ];
  if (items.every(([, n]) => n === 0)) return '';
  const max = Math.max(1, ...items.map(([, n]) => n));
  // Bars in HTML, not SVG, so they shrink to a phone's width while their labels keep their size.
  const rows = items
    .map(([k, n]) => {
      const width = ((n / max) * 100).toFixed(1);
      return `<span>${e(k)}</span><span><span class="bar k-${k}${n === 0 ? ' zero' : ''}" style="width:${width}%"></span></span><span>${e(n.toLocaleString('en-US'))}</span>`;
    })
    .join('');
  const said = items.map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ');
  return `<div class="bars" role="img" aria-label="${e(`requests by client kind: ${said}`)}">${rows}</div>`;
}

/** Which kinds' clients the Attackers section lists: the kind is what the user agent claims. */
function attackersByKind(report: Report): string {
  const c = report.clients;
  const parts = (
    [
      [c.humans.attackers, 'human'],
      [c.crawlers.attackers, 'crawler'],
      [c.scanners.attackers, 'scanner'],
      [c.unknown.attackers, 'unknown'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, kind]) => `${n.toLocaleString('en-US')} of the ${kind} clients`);
  if (parts.length === 0) return '';
  return `<p>Judged attackers (see Attackers): ${e(parts.join(', '))}.</p>`;
}

const KINDS = ['human', 'crawler', 'scanner', 'unknown'] as const;

function timelineChart(report: Report): string {
  const tl = report.timeline;
  if (tl.length === 0) return '';
  const h = 140;
  const w = 700;
  // Bars stand at their time: a quiet bucket (absent from the timeline) is a gap, not squeezed out.
  const step = BUCKET_MS[tl[0]!.size];
  const first = Date.parse(tl[0]!.bucket);
  const slots = Math.min(w, Math.round((Date.parse(tl[tl.length - 1]!.bucket) - first) / step) + 1);
  // One bar would fill the whole chart: a slab, not a timeline. Say when the requests came instead.
  if (slots === 1)
    return `<p>All requests fall in one ${e(tl[0]!.size)}: ${e(bucketLabel(tl[0]!.bucket, tl[0]!.size))} UTC.</p>`;
  const bw = Math.max(1, Math.floor(w / slots) - 1);
  const max = Math.max(1, ...tl.map((b) => b.human + b.crawler + b.scanner + b.unknown));
  const bars = tl
    .map((b) => {
      const i = Math.min(slots - 1, Math.round((Date.parse(b.bucket) - first) / step));
      let y = h;
      return (['human', 'crawler', 'scanner', 'unknown'] as const)
        .map((k) => {
          const bh = (b[k] / max) * (h - 10);
          y -= bh;
          return bh > 0
            ? `<rect x="${i * (bw + 1)}" y="${y.toFixed(1)}" width="${bw}" height="${bh.toFixed(1)}" class="k-${k}"><title>${e(bucketLabel(b.bucket, b.size))} ${k}: ${e(b[k])}</title></rect>`
            : '';
        })
        .join('');
    })
    .join('');
  const last = tl[tl.length - 1]!;
  const size = tl[0]!.size;
  const totals = tl.map((b) => b.human + b.crawler + b.scanner + b.unknown);
  const top = totals.indexOf(Math.max(...totals));
  // What the drawing shows, said for a screen reader; the table under it has every bucket, for anyone.
  const said =
    `requests per ${size}, ${bucketLabel(tl[0]!.bucket, size)} to ${bucketLabel(last.bucket, size)} UTC: ` +
    `${totals.reduce((a, b) => a + b, 0).toLocaleString('en-US')} in all, the most ` +
    `${totals[top]!.toLocaleString('en-US')} at ${bucketLabel(tl[top]!.bucket, size)}; ` +
    `every ${size} is in the table under the chart`;
  // The kinds are told apart by colour in the drawing, so the legend names each colour and the table has the
  // numbers by kind: the colours are never the only way to read the chart.
  const legend = KINDS.map((k) => `<span><i class="k-${k}"></i>${k}</span>`).join('');
  const rows = tl.map((b, i): Cell[] => [
    bucketLabel(b.bucket, size),
    b.human,
    b.crawler,
    b.scanner,
    b.unknown,
    totals[i]!,
  ]);
  // The bars stretch to the page's width (a phone's included); the two times under them are text, so they keep
  // their size instead of shrinking with the drawing.
  return `<h3>Requests per ${e(size)} (UTC)</h3><div class="timeline"><p class="legend">${legend}</p><svg role="img" aria-label="${e(said)}" viewBox="0 0 ${slots * (bw + 1)} ${h}" preserveAspectRatio="none">${bars}</svg><div class="ends"><span>${e(bucketLabel(tl[0]!.bucket, size))}</span><span>${e(bucketLabel(last.bucket, size))}</span></div></div>
      <details><summary>Requests per ${e(size)} as a table</summary>${table(`Requests per ${size} (UTC) by client kind`, [size, ...KINDS, 'all'], rows)}</details>`;
}

/** A bucket's start as the report writes times: `2026-11-22 06:40` for a minute or an hour, `2026-11-22` for a day. */
function bucketLabel(bucket: string, size: BucketSize): string {
  const t = shortTime(bucket);
  return size === 'day' ? t.slice(0, 10) : t.slice(0, 16);
}
