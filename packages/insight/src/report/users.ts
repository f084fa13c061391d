import { rows, type Db } from '../db.js';
import { num, recs, type Scope } from './sql-helpers.js';

/** The user actions the web middleware records, in the order reports show them. */
export const USER_ACTIONS = [
  'user.signup',
  'user.login',
  'user.login_failed',
  'user.logout',
  'newsletter.subscribe',
  'purchase',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/**
 * Column titles for tables of actions by browser or OS. The event names side by side are about 80 characters
 * before the browser column, so a table would not fit a terminal; the line above such a table names the events.
 */
export const USER_ACTION_COLUMNS: Record<UserAction, string> = {
  'user.signup': 'signups',
  'user.login': 'logins',
  'user.login_failed': 'login fails',
  'user.logout': 'logouts',
  'newsletter.subscribe': 'subscribed',
  purchase: 'purchases',
};

export type ActionCounts = Record<UserAction, number>;
export interface Users {
  actions: ActionCounts;
  users: number;
  by_browser: ({ browser: string } & ActionCounts)[];
  by_os: ({ os: string } & ActionCounts)[];
  over_time: ({ day: string } & ActionCounts)[];
}

const zero = (): ActionCounts => Object.fromEntries(USER_ACTIONS.map((a) => [a, 0])) as ActionCounts;
const list = USER_ACTIONS.map((a) => `'${a}'`).join(', ');

/** The grouping sets of the one query below, as `grouping_id(event, d, b, o)` numbers them. */
const ALL = 15;
const BY_EVENT = 7;
const BY_DAY = 3;
const BY_BROWSER = 5;
const BY_OS = 6;

type Pivot<K extends string> = ({ [P in K]: string } & ActionCounts)[];

/**
 * Whether the period has any action to show (an access log has none: only the app records actions). Users are
 * counted among the actions' records, so a period with users has actions; one with actions may have no user.
 */
export const hasUserActivity = (u: Users): boolean => USER_ACTIONS.some((a) => u.actions[a] > 0);

/** What the reports add when a period has no user action: where actions come from. */
export const WHERE_ACTIONS_COME_FROM =
  "actions come from the application's records (action() of @logbook/web); access logs have none";

/** The section for records without a user action (what `users` gives when none matches). */
export const noUsers = (): Users => ({ actions: zero(), users: 0, by_browser: [], by_os: [], over_time: [] });

/** User actions by kind, per browser and OS, and per day: one pass over the records with grouping sets. */
export async function users(db: Db, scope: Scope): Promise<Users> {
  const found = await rows(
    db,
    `SELECT grouping_id(event, d, b, o)::INT AS gid, event, coalesce(d, b, o) AS g, count(*)::INT AS n,
      count(DISTINCT user_id)::INT AS u
     FROM (SELECT event, user_id, strftime(date_trunc('day', ts), '%Y-%m-%d') AS d,
             coalesce(browser, 'unknown') AS b, coalesce(os, 'unknown') AS o
           FROM ${recs(scope)} WHERE event IN (${list}))
     GROUP BY GROUPING SETS ((event), (d, event), (b, event), (o, event), ())
     ORDER BY gid, g NULLS LAST`,
  );
  const actions = zero();
  let distinct = 0;
  const pivots = new Map<number, Map<string, ActionCounts>>();
  for (const r of found) {
    const gid = num(r.gid);
    if (gid === ALL) distinct = num(r.u);
    else if (gid === BY_EVENT) actions[r.event as UserAction] = num(r.n);
    else {
      let out = pivots.get(gid);
      if (!out) pivots.set(gid, (out = new Map()));
      // Groups arrive in key order, as the per-key queries returned them (a null day shows as "null").
      const g = String(r.g);
      let row = out.get(g);
      if (!row) out.set(g, (row = zero()));
      row[r.event as UserAction] = num(r.n);
    }
  }
  const total = (x: ActionCounts): number => USER_ACTIONS.reduce((s, a) => s + x[a], 0);
  const pivot = <K extends string>(gid: number, key: K): Pivot<K> =>
    [...(pivots.get(gid) ?? [])]
      .map(([g, counts]) => ({ [key]: g, ...counts }) as { [P in K]: string } & ActionCounts)
      .sort((a, b) => total(b) - total(a));
  const overTime = pivot(BY_DAY, 'day').sort((a, b) => a.day.localeCompare(b.day));
  return {
    actions,
    users: distinct,
    by_browser: pivot(BY_BROWSER, 'browser'),
    by_os: pivot(BY_OS, 'os'),
    over_time: overTime,
  };
}
