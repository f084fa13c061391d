import { lit, rows, type Db } from '../db.js';
import { rollupHolds, type Filters } from '../filters.js';
import { attackRuleIds } from './attackers.js';
import { hitsAny, type Scope } from './sql-helpers.js';
import { USER_ACTIONS } from './users.js';

/**
 * Every record counted per hour and per the low-cardinality columns the overview's timeline, status classes and
 * record counts and the dashboard's chart series read (event, level, kind, status, route, method, whether it hit
 * an attack rule). The dashboard keeps it from load on and adds to it as records arrive (rows may repeat a key:
 * readers sum `n`). A filter on these columns is answered by summing it instead of reading the matching records
 * (a few thousand rows instead of up to a million).
 */
export const hourRollupRows = (from: string): string =>
  `SELECT date_trunc('hour', ts) AS ts, event, level, kind, client_name, status, route, "method",
     ${hitsAny(attackRuleIds())} AS attack, count(*) AS n
   FROM ${from} GROUP BY ALL`;

/** Filter keys whose columns the hour rollup holds with their recorded values. */
const HOUR_KEYS = new Set(['client', 'kind', 'name', 'route', 'status', 'method', 'event', 'level']);

/** True when the hour rollup answers `filters` (see rollupHolds; time bounds would cut its hours). */
export function hourRollupAnswers(filters: Filters): boolean {
  return rollupHolds(filters, HOUR_KEYS);
}

/**
 * Where a counting query reads: the filtered records one row each (`n` is 1), or the hour rollup's matching rows
 * (each standing for `n` records in that hour). Readers count with `sum(n)`; they count per minute only from the
 * records, as a rollup row stands for a whole hour (see time-buckets.ts).
 */
export interface Counted {
  /** A relation with `ts, event, level, kind, status, attack, n` columns (`ts`: a record's time, or its hour). */
  rows: string;
}

/** The filtered records as `Counted` rows, or the hour rollup's when given (the caller checked it answers). */
export function countedRows(scope: Scope, hourRollup?: { table: string; where: string }): Counted {
  if (hourRollup)
    return {
      rows: `(SELECT ts, event, level, kind, status, attack, n FROM ${hourRollup.table} WHERE (${hourRollup.where}))`,
    };
  return {
    rows: `(SELECT ts, event, level, kind, status, ${hitsAny(attackRuleIds())} AS attack, 1 AS n
      FROM ${scope.from} WHERE (${scope.where}))`,
  };
}

/** How many of a filter's records some sections read (a section with none is empty: its pass can be skipped). */
export interface Present {
  userActions: number;
  incidents: number;
  /** Requests that hit an attack rule or come from a scanner (what makes an attacker). */
  suspects: number;
}

/** Counts, from the hour rollup's rows matching `where`, the records the users, tickets and attackers sections read. */
export async function presentIn(db: Db, hourRollup: { table: string; where: string }): Promise<Present> {
  const [p] = await rows(
    db,
    `SELECT coalesce(sum(n) FILTER (WHERE event IN (${USER_ACTIONS.map(lit).join(', ')})), 0)::BIGINT AS actions,
      coalesce(sum(n) FILTER (WHERE event = 'incident'), 0)::BIGINT AS incidents,
      coalesce(sum(n) FILTER (WHERE event = 'http.request' AND (attack OR kind = 'scanner')), 0)::BIGINT AS suspects
     FROM ${hourRollup.table} WHERE (${hourRollup.where})`,
  );
  return {
    userActions: Number(p?.actions ?? 0),
    incidents: Number(p?.incidents ?? 0),
    suspects: Number(p?.suspects ?? 0),
  };
}
