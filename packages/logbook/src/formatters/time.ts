// ISO-8601 timestamps are built for every record; the date-and-second prefix changes at most once a
// second, so it is cached and only the milliseconds are appended per call.

let cachedSecond = Number.NaN;
let cachedPrefix = '';

// The seconds whose ISO text has a four-digit year (0000 to 9999): the cached prefix is cut for those.
export const FIRST_ISO_SECOND = -62_167_219_200;
export const LAST_ISO_SECOND = 253_402_300_799;

/**
 * The ISO text of the instant `new Date(ms)` stands for (a fraction of a millisecond is dropped, as Date
 * drops it; a year beyond 9999 has its six-digit form), or "Invalid Date" for a time no Date can hold.
 */
export function isoTimeOfDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
}

/** `2026-11-21T19:54:26.123Z` for a millisecond epoch time. */
export function isoTimeUtc(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    // NaN, a year with other than four digits: not what the cached prefix can be cut from.
    if (!(second >= FIRST_ISO_SECOND && second <= LAST_ISO_SECOND)) return isoTimeOfDate(ms);
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 20); // up to and including the '.'
  }
  const milli = ms - second * 1000;
  // A clock with fractions (performance.timeOrigin + performance.now()) would write `.5e-324Z` or `.123.5Z`.
  // (A tiny negative time rounds to 1000 here.)
  if (milli % 1 !== 0 || milli >= 1000) return isoTimeOfDate(ms);
  return cachedPrefix + (milli < 10 ? '00' : milli < 100 ? '0' : '') + milli + 'Z';
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** A year as ISO 8601 writes it: four digits (0999, not 999), or signed six beyond 0000–9999, as Date does. */
function isoYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
}

/** `2026-11-21T20:54:26.123+01:00` in the machine's local time zone. */
export function isoTimeLocal(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${isoYear(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export type TimeZoneChoice = 'utc' | 'local';

export function isoTime(ms: number, zone: TimeZoneChoice): string {
  return zone === 'utc' ? isoTimeUtc(ms) : isoTimeLocal(ms);
}
