import type { Report } from '../report/build-report.js';
import { shortTime } from './short-time.js';

/**
 * The report's time span as its header shows it (`2026-11-21 10:05:00 → 2026-11-21 18:00:12 UTC`). The span runs
 * from the first request to the last, so a report with none says why there is no span: no records at all, or
 * records but no request (a log of start-ups and errors only), in these logs or under these filters.
 */
export function spanText(report: Report): string {
  if (report.span.from) return `${shortTime(report.span.from)} → ${shortTime(report.span.to)} UTC`;
  const what = report.totals.records === 0 ? 'records' : 'requests';
  const f = report.filters;
  return f.where?.length || f.since || f.until
    ? `no ${what} match these filters`
    : `no ${what} in these logs`;
}
