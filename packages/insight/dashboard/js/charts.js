// The overview's charts (uPlot), in the scheme's colours, each also said in words.
import { fmt } from './format.js';
import { clear, el, shown } from './safe-dom.js';
import { KINDS, state } from './state.js';
import { legendTime, timeAxisLabels } from './time-axis.js';

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

export function renderCharts(r, s) {
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
          // Under the pointer, the bucket's count; pointing at nothing, the line's total rather than uPlot's "--".
          value: (u, v, sidx, idx) => fmt(idx == null ? x.data.reduce((a, b) => a + b, 0) : (v ?? 0)),
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
  followTheBoxWidths(box);
}

/**
 * uPlot draws at the width it is given once. A window made narrower or wider (a phone turned, a desktop window
 * resized) changes the chart boxes' widths: each chart is redrawn at its box's new width, neither cut nor narrow.
 */
function followTheBoxWidths(box) {
  if (chartBoxesObserved || typeof ResizeObserver !== 'function') return;
  chartBoxesObserved = true;
  new ResizeObserver(() => {
    for (const chart of state.charts) {
      const width = Math.max(240, chart.root.parentElement?.clientWidth ?? 0);
      if (width !== chart.width) chart.setSize({ width, height: chart.height });
    }
  }).observe(box);
}
let chartBoxesObserved = false;

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
