import { rows, type Db } from '../db.js';
import { num, type Scope } from './sql-helpers.js';

/** How finely the report's timeline (and the dashboard's charts) count over time. */
export type BucketSize = 'minute' | 'hour' | 'day';

/** Each bucket size's length in milliseconds. */
export const BUCKET_MS: Readonly<Record<BucketSize, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * Records spanning at most this long are counted per minute: an hour's or an afternoon's log in hourly buckets
 * is one to three points, which shows nothing (a site's first hours with Logbook, or a short incident window).
 */
export const MINUTES_UP_TO_MS = 3 * 3_600_000;

/** Spans longer than this are counted per day, shorter ones per hour (a week in hours is too many bars to read). */
export const HOURS_UP_TO_MS = 3 * 86_400_000;

/** The bucket size for records spanning `spanMs`, counted per minute (`perMinute`) or only per hour. */
export function bucketSize(spanMs: number, perMinute: boolean): BucketSize {
  if (perMinute && spanMs <= MINUTES_UP_TO_MS) return 'minute';
  return spanMs > HOURS_UP_TO_MS ? 'day' : 'hour';
}

/**
 * Whether the matching records span at most MINUTES_UP_TO_MS, so they must be counted per minute. The hour rollup
 * (when it answers the filter) settles most cases without reading records: hours four or more apart mean a longer
 * span. Otherwise the records' first and last times are read.
 */
export async function spansMinutes(
  db: Db,
  scope: Scope,
  hourRollup: { table: string; where: string } | undefined,
): Promise<boolean> {
  const spanOf = async (from: string, where: string): Promise<number | undefined> => {
    const [r] = await rows(
      db,
      `SELECT epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span FROM ${from} WHERE ${where}`,
    );
    return r?.span === null || r?.span === undefined ? undefined : num(r.span);
  };
  if (hourRollup) {
    const rollupSpan = await spanOf(hourRollup.table, `(${hourRollup.where})`);
    if (rollupSpan === undefined || rollupSpan >= MINUTES_UP_TO_MS + 3_600_000) return false;
  }
  const span = await spanOf(scope.from, `(${scope.where})`);
  return span !== undefined && span <= MINUTES_UP_TO_MS;
}
