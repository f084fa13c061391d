import { lit, text } from '../db.js';
/** SQL snippets the report sections share. */

/** ISO-8601 UTC with milliseconds, the record schema's time form. */
export const iso = (col: string): string => `strftime(${col}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

/**
 * Where a report's sections read: a relation with the `records` columns (the `records` table or view itself, or a
 * table holding a copy of the filtered rows) and a condition over it. A bare string is a condition on `records`.
 */
export interface Scope {
  from: string;
  where: string;
}
export type ScopeLike = Scope | string;
export const scopeOf = (s: ScopeLike): Scope => (typeof s === 'string' ? { from: 'records', where: s } : s);

/** Requests narrowed by the report's filter. */
export const reqs = (s: ScopeLike): string => {
  const { from, where } = scopeOf(s);
  return `(SELECT * FROM ${from} WHERE event = 'http.request' AND ${where})`;
};

/** All records narrowed by the report's filter. */
export const recs = (s: ScopeLike): string => {
  const { from, where } = scopeOf(s);
  return where === 'TRUE' ? from : `(SELECT * FROM ${from} WHERE ${where})`;
};

/** The records standing behind the rows where `cond` holds: rows of `Counted` carry that number in `n`. */
export const sumWhere = (cond: string): string => `coalesce(sum(n) FILTER (WHERE ${cond}), 0)::INT`;

export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
export const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : text(v));

/**
 * True when a row's signals include any of `ids` (any signal at all when `ids` is empty). Never NULL: a row with
 * NULL signals counts as having none, so `NOT hitsAny(...)` keeps it instead of dropping it.
 */
export const hitsAny = (ids: readonly string[]): string =>
  ids.length > 0
    ? `coalesce(list_has_any(signals, [${ids.map(lit).join(', ')}]::VARCHAR[]), FALSE)`
    : 'coalesce(len(signals) > 0, FALSE)';
