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

/** User actions by kind, per browser and OS, and per day. */
export async function users(db: Db, scope: Scope): Promise<Users> {
  const base = `${recs(scope)} WHERE event IN (${list})`;
  const actions = zero();
  for (const r of await rows(db, `SELECT event, count(*)::INT AS n FROM ${base} GROUP BY 1`))
    actions[r.event as UserAction] = num(r.n);
  const [u] = await rows(db, `SELECT count(DISTINCT user_id)::INT AS n FROM ${base}`);
  const distinct = num(u?.n);
  const pivot = async <K extends string>(
    key: K,
    expr: string,
  ): Promise<({ [P in K]: string } & ActionCounts)[]> => {
    const out = new Map<string, { [P in K]: string } & ActionCounts>();
    for (const r of await rows(
      db,
      `SELECT ${expr} AS g, event, count(*)::INT AS n FROM ${base} GROUP BY 1, 2 ORDER BY 1`,
    )) {
      const g = String(r.g);
      let row = out.get(g);
      if (!row) out.set(g, (row = { [key]: g, ...zero() } as { [P in K]: string } & ActionCounts));
      row[r.event as UserAction] = num(r.n);
    }
    const total = (x: ActionCounts): number => USER_ACTIONS.reduce((s, a) => s + x[a], 0);
    return [...out.values()].sort((a, b) => total(b) - total(a));
  };
  const overTime = await pivot('day', `strftime(date_trunc('day', ts), '%Y-%m-%d')`);
  overTime.sort((a, b) => a.day.localeCompare(b.day));
  return {
    actions,
    users: distinct,
    by_browser: await pivot('browser', `coalesce(browser, 'unknown')`),
    by_os: await pivot('os', `coalesce(os, 'unknown')`),
    over_time: overTime,
  };
}
