/* global document, window, history, location, EventSource, uPlot, CSS, requestAnimationFrame */
// The Logbook dashboard: one page over the serve API. Log content is untrusted (attackers write it), so every
// value reaches the page through textContent or createElement — never as markup — and control characters are
// made visible. Filters live in the URL so any view can be bookmarked and shared.

const KINDS = ['human', 'crawler', 'scanner', 'unknown'];
/** The scheme the charts follow; style.css holds both schemes' colours. */
const DARK = window.matchMedia('(prefers-color-scheme: dark)');
const ROWS_SHOWN = 50;
/** The most rows a table shows once opened: past that a page of them is no longer read, only scrolled. */
const ROWS_EXPANDED = 500;

const state = {
  paused: false,
  pending: 0,
  filterKeys: new Set(),
  meta: undefined,
  version: -1,
  charts: [],
  /** The chart lines a person hid (`chart id` + NUL + label): a live redraw draws the charts anew, without them. */
  hiddenLines: new Set(),
  series: undefined,
  nextCursor: undefined,
  seenIds: new Set(),
  expanded: new Set(),
  report: undefined,
  refreshTimer: undefined,
  refreshing: false,
  stale: false,
  loadSeq: 0,
  /** The focused control as focusKey() describes it just before a view is drawn anew, to find it again after. */
  focusBefore: null,
  /**
   * Where the focus goes at the next redraw of a view that is no incident: the control that opened the incident
   * being left, or a ticket's button that was disabled while its request ran.
   */
  returnFocus: null,
  /** The record row whose full record is open, to return the focus to when it closes. */
  detailRow: undefined,
  /** Records added live since the last announcement, and that announcement's time and timer. */
  unannounced: 0,
  announcedAt: 0,
  announceTimer: undefined,
  /** What the next announcement says, read when it is made (see announce()). */
  announceText: undefined,
};

// ---------- safe DOM building ----------

// The same characters as the terminal's safeText (src/render/escape.ts): controls, every bidi control (U+061C too),
// line and paragraph separators, and lone surrogates (half an emoji, shown as � otherwise).
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\u2028\u2029]|\p{Surrogate}/gu;

/** Log text made safe to look at: control and bidi characters become visible escapes. */
function shown(value) {
  if (value === null || value === undefined) return '';
  return String(value).replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Like shown(), but keeps line breaks and tabs, for stacks and JSON in <pre>. */
function multiline(value) {
  return document.createTextNode(
    String(value ?? '')
      .split('\n')
      .map((line) => line.split('\t').map(shown).join('\t'))
      .join('\n'),
  );
}

const SAFE_ATTRS = /^(id|class|title|type|role|hidden|colspan|tabindex|data-[a-z-]+|aria-[a-z-]+)$/;

/** Creates an element; strings become text nodes, attributes are limited to a harmless set. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (!SAFE_ATTRS.test(k)) throw new Error(`attribute ${k} is not allowed`);
    node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof window.Node ? c : document.createTextNode(shown(c)));
  }
}

function clear(node) {
  while (node.firstChild) node.firstChild.remove();
}

const fmt = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : shown(n));
/** A request target with its percent-encoding undone for reading (as the terminal report shows it). */
function readableTarget(target) {
  const decode = (t) => {
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  const q = target.indexOf('?');
  return q < 0
    ? decode(target)
    : `${decode(target.slice(0, q))}?${decode(target.slice(q + 1).replaceAll('+', ' '))}`;
}
/** Milliseconds with one decimal always, so a column lines up on the point. */
const millis = (n) =>
  typeof n === 'number'
    ? n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    : shown(n);
const shortTime = (iso) =>
  iso
    ? String(iso)
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : '';

// ---------- chart time labels (UTC, like every time on the page) ----------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');
const clock = (d, seconds) =>
  `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}${seconds ? `:${two(d.getUTCSeconds())}` : ''}`;

/**
 * The time axis' labels: "10:05" (":SS" for ticks under a minute apart), with the day under the first label and
 * wherever the day changes ("Nov 22, 2026" first, then "Nov 23"); "Nov 22" alone for ticks a day or more apart.
 * uPlot's default ("11/22/26 5:35am") reads as a US date, in the browser's zone unless told, and is wide enough to
 * be cut at the chart's left edge. The labels are kept on the chart (data-x-labels) for tests.
 */
function timeAxisLabels(u, splits, axisIdx, space, incr) {
  let lastDay = '';
  const labels = splits.map((ts, i) => {
    const d = new Date(ts * 1000);
    const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    const dated = i === 0 ? `${day}, ${d.getUTCFullYear()}` : day;
    const label =
      incr >= 86_400 ? dated : day !== lastDay ? `${clock(d, incr < 60)}\n${dated}` : clock(d, incr < 60);
    lastDay = day;
    return label;
  });
  const holder = u.root.parentElement;
  if (holder) holder.dataset.xLabels = labels.join(' | ').replaceAll('\n', ' ');
  return labels;
}

/** The legend's time while pointing at a bucket: "2026-11-22 10:05Z", as the tables write times, to the minute. */
const legendTime = (u, ts) =>
  ts == null ? '--' : shortTime(new Date(ts * 1000).toISOString()).replace(/:\d\dZ$/, 'Z');

// Log values can be any length (a scanner's 10 KB path); past this many characters the page shows the start
// and an ellipsis, and the full value stays in the title and in the record view.
const LONG = 160;

/** Log text cut to LONG characters for a table cell; the full text is in the title when cut. */
function clipped(text) {
  const s = shown(text);
  const chars = Array.from(s);
  if (chars.length <= LONG) return s;
  return el('span', { class: 'clipped', title: s }, `${chars.slice(0, LONG).join('')}…`);
}

/** A log value that filters the whole dashboard when clicked. */
function value(key, v, label) {
  if (v === null || v === undefined || v === '') return el('span', { class: 'muted' }, '–');
  const text = label ?? v;
  const content = typeof text === 'string' ? clipped(text) : text;
  if (!state.filterKeys.has(key)) return el('span', { class: 'plain' }, content);
  return el(
    'button',
    { type: 'button', class: 'v', 'data-k': key, 'data-v': String(v), title: `only ${key} = ${shown(v)}` },
    content,
  );
}

/**
 * A data table named `opts.caption`, showing its first `opts.limit` rows (ROWS_SHOWN by default) and a button for
 * the rest. Which tables
 * a person opened is kept by their headers, so a live refresh does not fold them up again.
 */
function table(headers, rows, opts = {}) {
  const key = headers.join('|');
  const limit = state.expanded.has(key) ? ROWS_EXPANDED : (opts.limit ?? ROWS_SHOWN);
  const body = rows.slice(0, Math.max(limit, opts.limit ?? 0));
  const t = el(
    'table',
    { class: 'data' },
    // A screen reader names the table by its caption when it lists or enters tables; the heading above says it
    // for the eye.
    opts.caption ? el('caption', { class: 'vh' }, opts.caption) : '',
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        headers.map((h) => el('th', null, h)),
      ),
    ),
    el(
      'tbody',
      null,
      body.map((cells) =>
        el(
          'tr',
          null,
          // The column's name on each cell: a phone shows the rows as cards of "name value" lines.
          cells.map((c, i) => el('td', { 'data-label': headers[i] }, c)),
        ),
      ),
    ),
  );
  const wrap = el('div', { class: 'table-wrap' }, t);
  const hidden = rows.length - body.length;
  if (hidden > 0 && body.length < ROWS_EXPANDED)
    wrap.append(
      el(
        'button',
        { type: 'button', class: 'link more-rows', 'data-expand': key },
        `Show ${fmt(Math.min(hidden, ROWS_EXPANDED - body.length))} more`,
      ),
    );
  else if (hidden > 0) wrap.append(el('p', { class: 'muted' }, `${fmt(hidden)} more not shown`));
  if (rows.length === 0) {
    const empty = opts.empty ?? 'Nothing here for these filters.';
    // With no filter set, "for these filters" would point at filters that are not there.
    const said =
      filterTerms().length === 0 ? empty.replace(/ for these filters\.$/, ' in this period.') : empty;
    wrap.append(el('p', { class: 'muted empty' }, said));
  }
  return wrap;
}

// ---------- URL state ----------

function params() {
  return new URLSearchParams(location.search);
}

function filterTerms() {
  return params().getAll('f');
}

function apiQuery(extra = {}) {
  const q = new URLSearchParams();
  for (const f of filterTerms()) q.append('f', f);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function navigate(mutate) {
  const q = params();
  mutate(q);
  const s = q.toString();
  history.pushState({ logbook: true }, '', `${location.pathname}${s ? `?${s}` : ''}`);
  void load();
}

function addFilter(key, v) {
  const term = `${key}=${v}`;
  navigate((q) => {
    if (!q.getAll('f').includes(term)) q.append('f', term);
    q.delete('incident');
  });
}

function removeFilter(term) {
  navigate((q) => {
    const rest = q.getAll('f').filter((f) => f !== term);
    q.delete('f');
    for (const f of rest) q.append('f', f);
  });
}

function currentView() {
  const q = params();
  if (q.get('incident')) return 'incident';
  return q.get('view') === 'requests' ? 'requests' : 'overview';
}

// ---------- API ----------

const UNREACHABLE =
  'Cannot reach the dashboard server: is `logbook serve` still running? This page reloads when it is back.';

async function api(path, init) {
  // fetch() rejects only when there is no answer at all (server stopped or restarting); say so, not "Failed to fetch".
  const res = await fetch(path, { credentials: 'same-origin', ...init }).catch(() => {
    throw new Error(UNREACHABLE);
  });
  const body = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body;
}

function showError(message) {
  const box = document.getElementById('error');
  if (!message) {
    box.hidden = true;
    clear(box);
    return;
  }
  clear(box);
  box.append(document.createTextNode(shown(message)));
  box.hidden = false;
}

// ---------- rendering: chrome ----------

function renderChips() {
  const chips = document.getElementById('chips');
  clear(chips);
  const terms = filterTerms();
  if (terms.length === 0)
    chips.append(el('span', { class: 'muted' }, 'none — click any value to drill down'));
  for (const term of terms) {
    const eq = term.indexOf('=');
    chips.append(
      el(
        'span',
        { class: 'chip', 'data-term': term },
        el('span', { class: 'chip-key' }, term.slice(0, eq).replace(/!$/, ' ≠')),
        el('span', { class: 'chip-val' }, term.slice(eq + 1)),
        el(
          'button',
          {
            type: 'button',
            class: 'chip-x',
            'data-remove': term,
            title: 'remove this filter',
            'aria-label': `remove ${shown(term)}`,
          },
          '×',
        ),
      ),
    );
  }
  if (terms.length > 1)
    chips.append(el('button', { type: 'button', class: 'chip-clear', 'data-clear': '1' }, 'clear all'));
}

function renderViewChrome(view) {
  for (const v of ['overview', 'requests', 'incident'])
    document.getElementById(`view-${v}`).hidden = v !== view;
  for (const b of document.querySelectorAll('[data-view]'))
    b.setAttribute('aria-current', b.dataset.view === view ? 'page' : 'false');
  // The tab's title names the view, as a screen reader announces a new page by it.
  const named = {
    overview: 'Overview',
    requests: 'Requests',
    incident: `Incident ${params().get('incident')}`,
  };
  const n = filterTerms().length;
  const filtered = n > 0 ? `, ${n} ${n === 1 ? 'filter' : 'filters'}` : '';
  document.title = shown(`${named[view]}${filtered} · Logbook dashboard`);
}

function renderLive(connected) {
  const text = document.getElementById('live-text');
  const dot = document.getElementById('live-dot');
  dot.className = `dot ${state.paused ? 'paused' : connected ? 'on' : 'off'}`;
  text.textContent = state.paused
    ? `paused${state.pending > 0 ? ` · ${fmt(state.pending)} new` : ''}`
    : connected
      ? 'live'
      : 'reconnecting…';
  const btn = document.getElementById('pause');
  // The label says what pressing does; no aria-pressed besides, which would read "Resume, pressed".
  btn.textContent = state.paused ? 'Resume' : 'Pause';
}

// ---------- rendering: overview ----------

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

/**
 * The buckets from the first to the last, the empty ones included: a line drawn straight across a quiet
 * stretch would show traffic that never came. Past MAX_BUCKETS (years of days) only the buckets with counts.
 */
function everyBucket(xs, step) {
  if (xs.length < 2 || (xs[xs.length - 1] - xs[0]) / step > MAX_BUCKETS) return xs;
  const out = [];
  for (let x = xs[0]; x <= xs[xs.length - 1]; x += step) out.push(x);
  return out;
}
const MAX_BUCKETS = 2_000;

/**
 * The charts' colours as style.css sets them for the scheme in use (canvas strokes cannot take a CSS variable).
 * They are six-digit hex colours: a series' fill appends its alpha to its stroke.
 */
function chartColours() {
  const styles = window.getComputedStyle(document.documentElement);
  const css = (name) => styles.getPropertyValue(`--chart-${name}`).trim();
  return {
    kinds: Object.fromEntries(KINDS.map((k) => [k, css(k)])),
    actions: [1, 2, 3, 4, 5, 6].map((n) => css(`action-${n}`)),
    errors: css('errors'),
    attacks: css('attacks'),
    axis: css('axis'),
    grid: css('grid'),
  };
}

/** An axis's labels, ticks and grid lines in the scheme's colours (uPlot's defaults are black on any page). */
function axisColours(colours) {
  return { stroke: colours.axis, grid: { stroke: colours.grid }, ticks: { stroke: colours.grid } };
}

function renderCharts(r, s) {
  state.series = s;
  for (const c of state.charts) c.destroy();
  state.charts = [];
  const box = document.getElementById('charts');
  clear(box);
  if (typeof uPlot !== 'function') {
    box.append(el('p', { class: 'muted' }, 'Charts unavailable: the chart library did not load.'));
    return;
  }
  // The report's timeline and the extra series share bucket sizes; a bucket missing from one counts zero there.
  const xs = r.timeline.map((b) => Date.parse(b.bucket) / 1000);
  const sX = s.buckets.map((b) => Date.parse(b) / 1000);
  const bucketSeconds = { minute: 60, hour: 3_600, day: 86_400 }[r.timeline[0]?.size ?? s.size] ?? 3_600;
  const allX = everyBucket(
    [...new Set([...xs, ...sX])].sort((a, b) => a - b),
    bucketSeconds,
  );
  // Four empty frames would look broken; one sentence says why there is nothing to draw.
  if (allX.length === 0) {
    box.append(el('p', { class: 'muted empty', id: 'charts-empty' }, 'No records in this period to chart.'));
    return;
  }
  const byX = (keys, vals) => {
    const m = new Map(keys.map((k, i) => [k, vals[i]]));
    return allX.map((x) => m.get(x) ?? 0);
  };
  const colours = chartColours();
  const specs = [
    {
      title: 'Requests by client kind',
      id: 'requests',
      series: KINDS.map((k) => ({
        label: k,
        stroke: colours.kinds[k],
        data: byX(
          xs,
          r.timeline.map((b) => b[k]),
        ),
      })),
    },
    {
      title: 'User actions',
      id: 'actions',
      series: Object.entries(s.actions).map(([name, vals], i) => ({
        label: name,
        stroke: colours.actions[i % colours.actions.length],
        data: byX(sX, vals),
      })),
    },
    {
      title: 'Errors',
      id: 'errors',
      series: [{ label: 'errors', stroke: colours.errors, data: byX(sX, s.errors) }],
    },
    {
      title: 'Attacks',
      id: 'attacks',
      series: [{ label: 'attack requests', stroke: colours.attacks, data: byX(sX, s.attacks) }],
    },
  ];
  // All boxes first: the grid settles its column widths only once every chart box is in it.
  // The canvas says nothing to a screen reader: each chart's numbers are said in words beside it instead, and the
  // drawing and the legend's pointer values are hidden from it. The legend's line names are buttons (below).
  const bucket = { 60: 'minute', 3_600: 'hour', 86_400: 'day' }[bucketSeconds] ?? 'period';
  const holders = specs.map((spec) => {
    const holder = el('div', { class: 'chart', 'data-chart': spec.id, 'aria-hidden': 'true' });
    box.append(
      el(
        'figure',
        { class: 'chart-box' },
        el('figcaption', null, spec.title),
        el('p', { class: 'vh', 'data-chart-text': spec.id }, chartInWords(spec, allX, bucket)),
        holder,
      ),
    );
    return holder;
  });
  // One bucket (a log from the last minute) would make uPlot stretch the axis over years; show a bucket either side.
  const xRange =
    allX.length === 1 ? { min: allX[0] - bucketSeconds, max: allX[0] + bucketSeconds } : undefined;
  specs.forEach((spec, i) => {
    const holder = holders[i];
    let legend;
    const opts = {
      width: Math.max(240, holder.clientWidth || 300),
      height: 160,
      // The legend's markers dashed as their lines are, so the legend names the line by its pattern too.
      legend: {
        show: true,
        markers: { dash: (u, i) => (u.series[i].dash?.length ? 'dashed' : 'solid') },
        // Beside the drawing rather than in it, which is hidden from screen readers, so its buttons can be used.
        mount: (u, table) => {
          holder.after(table);
          legend = table;
        },
      },
      // Times on the page are UTC (the tables' "Z" times); the charts say the same hours.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      // Room right of the plot for half of the last time label ("05:37:00"), which is centred on its tick.
      padding: [null, 32, null, null],
      scales: { x: { time: true } },
      // Room for the widest count ("12,000"), so no label is cut at the left edge.
      axes: [
        { values: timeAxisLabels, ...axisColours(colours) },
        {
          ...axisColours(colours),
          size: (u, values) =>
            Math.max(44, 16 + 8 * Math.max(0, ...(values ?? []).map((v) => String(v).length))),
        },
      ],
      series: [
        { value: legendTime },
        ...spec.series.map((x, n) => ({
          label: x.label,
          show: !state.hiddenLines.has(lineKey(spec.id, x.label)),
          stroke: x.stroke,
          // Lines told apart by their dashes as well as their colour, for eyes that do not tell the colours apart.
          dash: DASHES[n % DASHES.length],
          width: 1.5,
          fill: `${x.stroke}22`,
          // With a bucket or two there is no line to follow: the points are the chart, so they are drawn large.
          points: allX.length <= 2 ? { show: true, size: 10, fill: x.stroke } : {},
        })),
      ],
    };
    // The shown span, for people reading the page's source and for tests (the axis itself is drawn on a canvas).
    opts.hooks = {
      setScale: [
        (u, key) => {
          if (key !== 'x' || u.scales.x.min == null) return;
          holder.dataset.from = new Date(u.scales.x.min * 1000).toISOString();
          holder.dataset.to = new Date(u.scales.x.max * 1000).toISOString();
        },
      ],
      setSeries: [(u, i) => lineShownOrHidden(u, spec.id, i)],
    };
    const chart = new uPlot(opts, [allX, ...spec.series.map((x) => x.data)], holder);
    if (legend) legendButtons(chart, spec, legend);
    if (xRange) chart.setScale('x', xRange);
    state.charts.push(chart);
  });
}

const lineKey = (chartId, label) => `${chartId}\u0000${label}`;

/**
 * uPlot's legend hides or shows a line on a click of its name, by pointer only. Each name becomes a toggle button
 * (Enter or Space clicks it, and uPlot's own handler does the rest), saying whether its line is drawn. The values
 * the legend shows under the pointer are hidden from screen readers, which have the chart in words instead.
 */
function legendButtons(chart, spec, table) {
  table.setAttribute('role', 'presentation');
  table.querySelectorAll('tr.u-series').forEach((row, i) => {
    if (i === 0) {
      row.setAttribute('aria-hidden', 'true'); // the time under the pointer
      return;
    }
    const label = spec.series[i - 1].label;
    const name = row.querySelector('th');
    const button = el('button', {
      type: 'button',
      class: 'line-toggle',
      'data-legend': spec.id,
      'data-line': label,
      'aria-pressed': String(chart.series[i].show),
    });
    button.append(...name.childNodes);
    name.append(button);
    for (const value of row.querySelectorAll('td')) value.setAttribute('aria-hidden', 'true');
  });
}

/** A line was hidden or shown (by its legend button or a click): the button says so, and redraws remember it. */
function lineShownOrHidden(chart, chartId, i) {
  const s = chart.series[i];
  if (i === 0 || s === undefined) return;
  const key = lineKey(chartId, s.label);
  if (s.show) state.hiddenLines.delete(key);
  else state.hiddenLines.add(key);
  const button = document.querySelector(
    `button.line-toggle[data-legend="${CSS.escape(chartId)}"][data-line="${CSS.escape(String(s.label))}"]`,
  );
  button?.setAttribute('aria-pressed', String(s.show));
}

/** The line patterns of a chart's series in order: solid, dashed, dotted, dash-dot. */
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

/** What a chart shows, in one sentence per series: its total, and its busiest bucket and when that was. */
function chartInWords(spec, xs, bucket) {
  const when = (x) => legendTime(null, x);
  const span = `${spec.title}, per ${bucket}, ${when(xs[0])} to ${when(xs[xs.length - 1])}.`;
  if (spec.series.length === 0) return `${span} Nothing to show.`;
  const said = spec.series.map((x) => {
    const total = x.data.reduce((a, b) => a + b, 0);
    if (total === 0) return `${shown(x.label)}: none.`;
    const top = x.data.indexOf(Math.max(...x.data));
    return `${shown(x.label)}: ${fmt(total)} in all, most ${fmt(x.data[top])} at ${when(xs[top])}.`;
  });
  return [span, ...said].join(' ');
}

function stateBadge(t) {
  const label = t.state === 'regressed' ? 'REGRESSED' : t.state;
  return el('span', { class: `badge ${t.state}`, 'data-state': t.state }, label);
}

function renderTickets(r) {
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

function renderAttackers(r) {
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

function renderUsers(r) {
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

function renderCrawlers(r) {
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
function renderAutomation(r) {
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

function renderNotFound(r) {
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

function renderSlow(r) {
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

/** What an empty log means, instead of a page of zeros that reads like "no filter matched". */
function emptyLogs() {
  const where = (state.meta?.sources ?? []).join(', ');
  return state.meta?.follow === false
    ? `No records in ${where} (a snapshot: restart logbook serve to read new ones).`
    : `No records in ${where} yet. This page follows the logs and shows records as they are written.`;
}

async function loadOverview(seq) {
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
function renderSections(report) {
  renderCards(report);
  renderTickets(report);
  renderAttackers(report);
  renderUsers(report);
  renderCrawlers(report);
  renderAutomation(report);
  renderNotFound(report);
  renderSlow(report);
}

// ---------- rendering: requests ----------

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

async function loadRequests(seq, more, live) {
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
async function showRecord(id, moveFocus) {
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

// ---------- rendering: incident ----------

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

async function loadIncident(seq, ref) {
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

// ---------- keyboard focus and announcements ----------

/** The data attributes that tell one drawn control from another of its kind. */
const KEY_ATTRS = [
  'data-id',
  'data-remove',
  'data-clear',
  'data-incident',
  'data-ticket',
  'data-expand',
  'data-k',
  'data-v',
  'data-legend',
  'data-line',
];

/**
 * How to find a control again once the part of the page holding it is drawn anew (a live update, a filter, Back):
 * a selector from its tag, class and data attributes, within the nearest element with an id (a panel, the table).
 */
function focusKey(node) {
  if (!(node instanceof window.Element) || node === document.body) return null;
  const holder = node.parentElement?.closest('[id]');
  const attrs = KEY_ATTRS.filter((a) => node.hasAttribute(a))
    .map((a) => `[${a}="${CSS.escape(node.getAttribute(a))}"]`)
    .join('');
  // Classes only when no data attribute tells it apart: a ticket's Solve button comes back as Reopen.
  const cls = attrs ? '' : [...node.classList].map((c) => `.${CSS.escape(c)}`).join('');
  const own = node.id ? `#${CSS.escape(node.id)}` : `${node.tagName.toLowerCase()}${cls}${attrs}`;
  return { selector: holder && !node.id ? `#${CSS.escape(holder.id)} ${own}` : own, holder: holder?.id };
}

/** The heading a part of the page is known by, made focusable, for the focus to land on when its control went. */
function headingOf(holderId) {
  if (holderId === 'chips') return document.getElementById('filter-input');
  const holder = holderId ? document.getElementById(holderId) : null;
  const view = document.getElementById(`view-${currentView()}`);
  const inView = holder && view.contains(holder) && !holder.closest('[hidden]');
  const heading =
    (inView ? holder.closest('section') : view)?.querySelector('h2') ?? view.querySelector('h2');
  if (heading) heading.setAttribute('tabindex', '-1');
  return heading;
}

/**
 * After a view is drawn: when the control that had the focus was replaced, the focus moves to its new copy (or to
 * the heading of where it was) instead of falling back to the page's start, which would send a keyboard user back
 * to the first control.
 */
function restoreFocus(key) {
  const active = document.activeElement;
  if (!key || (active && active !== document.body && active.isConnected && !active.closest('[hidden]')))
    return;
  let target;
  try {
    target = document.querySelector(key.selector);
  } catch {
    target = null; // a selector made from a value CSS.escape could not make safe: look for the heading instead
  }
  if (!target || target.closest('[hidden]')) target = headingOf(key.holder);
  target?.focus({ preventScroll: true });
}

/** How long a screen reader is left in peace between two live announcements: updates come in bursts. */
const ANNOUNCE_EVERY_MS = 5_000;

/**
 * Says `text()` (evaluated when said) in the polite status region, at most once every ANNOUNCE_EVERY_MS: what
 * arrives in between is folded into the next announcement rather than read out record by record.
 */
function announce(text) {
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
function announceNewRecords() {
  announce(() => {
    const n = state.unannounced;
    state.unannounced = 0;
    const view = currentView() === 'requests' ? 'requests view' : currentView();
    return `${fmt(n)} new ${n === 1 ? 'record' : 'records'}; the ${view} is up to date.`;
  });
}

function closeDetail() {
  const aside = document.getElementById('detail');
  if (aside.hidden) return;
  aside.hidden = true;
  const row = document.querySelector(
    `#records tr.rec[data-id="${CSS.escape(String(state.detailRow ?? ''))}"]`,
  );
  (row ?? headingOf('records'))?.focus();
}

// ---------- loading ----------

async function load(more = false, live = false) {
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
function scheduleRefresh() {
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

/** How long to wait before opening the live connection again once the browser has given it up. */
const LIVE_RETRY_MS = 2000;

function connectLive(lostBefore = false) {
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

// ---------- events ----------

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

function onClick(ev) {
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

function onKey(ev) {
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

function init() {
  document.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  document.getElementById('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    const had = state.pending;
    state.pending = 0;
    renderLive(true);
    if (!state.paused && had > 0) {
      // What came while paused is said once the view shows it, like any live update.
      state.unannounced += had;
      void load(false, true);
    }
  });
  document.getElementById('more').addEventListener('click', () => void load(true));
  document.getElementById('detail-close').addEventListener('click', closeDetail);

  // Back returns to where the incident was opened from; an incident opened from a link or bookmark has no such
  // page in this tab (history.back() would do nothing or leave), so Back shows the overview with the same filters.
  document.getElementById('incident-back').addEventListener('click', () => {
    if (history.state?.logbook) history.back();
    else navigate((q) => q.delete('incident'));
  });
  document.getElementById('add-filter').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = document.getElementById('filter-input');
    const m = /^\s*([a-z]+!?)=(.*)$/.exec(input.value);
    if (!m) return showError('Write a filter as key=value, e.g. status=404 or ip=203.0.113.9.');
    input.value = '';
    addFilter(m[1], m[2].trim());
  });
  window.addEventListener('popstate', () => void load());
  // The desktop switched between light and dark (at dusk, say): the page follows through its stylesheet, the
  // charts' canvases only when drawn again. A hidden overview is drawn when it is next shown.
  DARK.addEventListener('change', () => {
    if (state.report && state.series && !document.getElementById('view-overview').hidden)
      renderCharts(state.report, state.series);
  });
  renderLive(false);
  // Opened while the server is still reading the logs (503) or is down: say why and try again.
  const start = () =>
    api('/api/meta')
      .then((meta) => {
        state.filterKeys = new Set(meta.filter_keys);
        state.meta = meta;
        if (meta.follow) connectLive();
        else document.getElementById('live-text').textContent = 'snapshot';
        return load();
      })
      .catch((e) => {
        showError(e.message);
        setTimeout(start, 2000);
      });
  void start();
  requestAnimationFrame(() => undefined);
}

init();
