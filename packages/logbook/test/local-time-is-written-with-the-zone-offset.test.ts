// `time: 'local'` writes the wall-clock time of the machine's zone with that zone's offset, as a reader in that
// zone would write it: east of Greenwich `+hh:mm`, west `-hh:mm`, half and quarter hours included, UTC `+00:00`,
// years before 1000 with four digits and years outside 0000–9999 signed with six. The other time tests run in
// the machine's zone (UTC here), where every offset is zero: these set the zone themselves.

import { isMainThread } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord, TextFormatter } from '../src/index.js';

const originalZone = process.env['TZ'];
function restoreZone(): void {
  if (originalZone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = originalZone;
}
afterEach(restoreZone);

// Node applies a change of TZ in the main thread of a process (the forks pool `npm test` runs these in), not in
// a worker thread (Stryker's runner uses threads): there they are reported as skipped. Anywhere else they run,
// and fail if the zone cannot be set, rather than skip.
const ZONE_CAN_BE_SET = isMainThread;

/** The record's time as the JSON line and the text line write it in `zone` (Node rereads TZ when it is set). */
function localTime(zone: string, ms: number): string {
  process.env['TZ'] = zone;
  const record = new LogRecord(ms, 30, 'app', 'x');
  const json = (
    JSON.parse(new JsonFormatter({ host: 'h', time: 'local' }).format(record)) as { time: string }
  ).time;
  expect(new TextFormatter({ template: '{time}', time: 'local' }).format(record)).toBe(`${json}\n`);
  return json;
}

const NOON_UTC = Date.UTC(2026, 10, 21, 12, 0, 0, 5);

describe.runIf(ZONE_CAN_BE_SET)('a local record time', () => {
  it('has the offset of the zone, east, west and at Greenwich', () => {
    expect(localTime('Asia/Kolkata', NOON_UTC)).toBe('2026-11-21T17:30:00.005+05:30');
    expect(localTime('Asia/Kathmandu', NOON_UTC)).toBe('2026-11-21T17:45:00.005+05:45');
    expect(localTime('America/St_Johns', NOON_UTC)).toBe('2026-11-21T08:30:00.005-03:30');
    expect(localTime('America/Los_Angeles', NOON_UTC + 123)).toBe('2026-11-21T04:00:00.128-08:00');
    expect(localTime('UTC', NOON_UTC)).toBe('2026-11-21T12:00:00.005+00:00');
    // The zone's own date: already the next day in Auckland (summer time, +13:00).
    expect(localTime('Pacific/Auckland', Date.UTC(2026, 0, 31, 23, 59, 59, 999))).toBe(
      '2026-02-01T12:59:59.999+13:00',
    );
  });

  it('writes a year as ISO 8601 does: four digits, or signed six beyond 0000–9999', () => {
    expect(localTime('UTC', Date.UTC(999, 4, 6, 7, 8, 9, 10))).toBe('0999-05-06T07:08:09.010+00:00');
    expect(localTime('UTC', new Date('0000-01-01T00:00:00.000Z').getTime())).toBe(
      '0000-01-01T00:00:00.000+00:00',
    );
    expect(localTime('UTC', new Date('-000001-12-31T23:59:59.000Z').getTime())).toBe(
      '-000001-12-31T23:59:59.000+00:00',
    );
    expect(localTime('UTC', new Date('9999-12-31T23:59:59.999Z').getTime())).toBe(
      '9999-12-31T23:59:59.999+00:00',
    );
    expect(localTime('UTC', new Date('+010000-01-01T00:00:00.000Z').getTime())).toBe(
      '+010000-01-01T00:00:00.000+00:00',
    );
  });
});
