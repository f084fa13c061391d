// The charts' time labels, in UTC like every time on the page.
import { shortTime } from './format.js';

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
export function timeAxisLabels(u, splits, axisIdx, space, incr) {
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

/**
 * The legend's time while pointing at a bucket: "2026-11-22 10:05Z", as the tables write times, to the minute.
 * Pointing at nothing, the legend's counts are the whole span's totals, and the time says so.
 */
export const legendTime = (u, ts) =>
  ts == null ? 'in all' : shortTime(new Date(ts * 1000).toISOString()).replace(/:\d\dZ$/, 'Z');
