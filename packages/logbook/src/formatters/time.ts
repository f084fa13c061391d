// ISO-8601 timestamps are built for every record; the date-and-second prefix changes at most once a
// second, so it is cached and only the milliseconds are appended per call.

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `2026-11-21T19:54:26.123Z` for a millisecond epoch time. */
export function isoTimeUtc(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20); // up to and including the '.'
  }
  const milli = ms - second * 1000;
  return cachedPrefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `2026-11-21T20:54:26.123+01:00` in the machine's local time zone. */
export function isoTimeLocal(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export type TimeZoneChoice = 'utc' | 'local';

export function isoTime(ms: number, zone: TimeZoneChoice): string {
  return zone === 'utc' ? isoTimeUtc(ms) : isoTimeLocal(ms);
}
