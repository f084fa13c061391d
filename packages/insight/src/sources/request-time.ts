/**
 * Request durations in access logs. Servers can write one after the last standard field: Nginx's `$request_time`
 * (seconds with millisecond decimals, `0.042`), Apache's `%D` (microseconds), `%T` (whole seconds) or `%{ms}T`.
 * Only a number with decimals says its unit by its shape (Nginx's seconds); a whole number could be any of Apache's,
 * so it is read only when the user names the unit.
 */
export const REQUEST_TIME_UNITS = ['auto', 's', 'ms', 'us', 'none'] as const;
export type RequestTimeUnit = (typeof REQUEST_TIME_UNITS)[number];

/** The first token of the text after the line's fields, when it is a plain number. */
const FIRST_NUMBER = /^[ \t]*(\d{1,15}(?:\.\d{1,9})?)(?:[ \t\r]|$)/;
const TO_MS: Record<Exclude<RequestTimeUnit, 'auto' | 'none'>, number> = { s: 1000, ms: 1, us: 0.001 };

/** The request's duration in milliseconds from the text after an access line's fields, or undefined. */
export function requestTimeMs(trailing: string, unit: RequestTimeUnit = 'auto'): number | undefined {
  if (unit === 'none' || trailing === '') return undefined;
  const number = FIRST_NUMBER.exec(trailing)?.[1];
  if (number === undefined) return undefined;
  if (unit === 'auto') return number.includes('.') ? Number(number) * 1000 : undefined;
  return Number(number) * TO_MS[unit];
}

/**
 * requestTimeMs as two DuckDB expressions: the number's text from the SQL text `trailing` (FIRST_NUMBER, which RE2
 * reads the same way; NULL when there is none), and the milliseconds from that text.
 */
export function requestTimeTextSql(trailing: string, unit: RequestTimeUnit = 'auto'): string {
  if (unit === 'none') return 'NULL::VARCHAR';
  // Most combined lines end at the user agent's quote: no pattern to run on their empty text.
  return `CASE WHEN ${trailing} <> '' THEN nullif(regexp_extract(${trailing}, '${FIRST_NUMBER.source}', 1), '') END`;
}

export function requestTimeMsSql(text: string, unit: RequestTimeUnit = 'auto'): string {
  if (unit === 'none') return 'NULL::DOUBLE';
  if (unit === 'auto') return `CASE WHEN contains(${text}, '.') THEN CAST(${text} AS DOUBLE) * 1000 END`;
  return `CAST(${text} AS DOUBLE) * ${TO_MS[unit]}`;
}
