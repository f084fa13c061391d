import { rows, type Db } from '../db.js';
import type { TicketState } from '../ticket-state.js';
import { iso, num, recs, str, type ScopeLike } from './sql-helpers.js';

export interface Ticket {
  fingerprint: string;
  count: number;
  first_seen: string;
  last_seen: string;
  users: number;
  latest_incident: string | null;
  error: string | null;
  route: string | null;
  solved: boolean;
  /** open, solved, or regressed (solved, then seen again). */
  state: 'open' | 'solved' | 'regressed';
  solved_at: string | null;
}

/** Incidents grouped by error fingerprint: Logbook's tickets. */
export async function tickets(db: Db, scope: ScopeLike, state: TicketState): Promise<Ticket[]> {
  const found = await rows(
    db,
    `SELECT fingerprint, count(*)::INT AS count, ${iso('min(ts)')} AS first_seen, ${iso('max(ts)')} AS last_seen,
      count(DISTINCT user_id)::INT AS users, arg_max(incident_ref, ts) AS latest,
      arg_max(concat_ws(': ', error->>'name', error->>'message'), ts) AS error, arg_max(coalesce(route, path), ts) AS route
     FROM ${recs(scope)} WHERE event = 'incident' AND fingerprint IS NOT NULL
     GROUP BY 1 ORDER BY max(ts) DESC, fingerprint`,
  );
  return found.map((t) => {
    const fp = String(t.fingerprint);
    const solved = state.solved[fp];
    const last = String(t.last_seen);
    const regressed = solved !== undefined && last > solved.solved_at;
    return {
      fingerprint: fp,
      count: num(t.count),
      first_seen: String(t.first_seen),
      last_seen: last,
      users: num(t.users),
      latest_incident: str(t.latest) ?? null,
      error: str(t.error) ?? null,
      route: str(t.route) ?? null,
      solved: solved !== undefined && !regressed,
      state: solved === undefined ? 'open' : regressed ? 'regressed' : 'solved',
      solved_at: solved?.solved_at ?? null,
    };
  });
}
