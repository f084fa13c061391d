import { lit, rows, type Db, type Row } from '../db.js';
import { filterSql, type Filters } from '../filters.js';
import { iso, num, sumWhere } from '../report/sql-helpers.js';
import { countedRows, type Counted } from '../report/hour-rollup.js';
import { USER_ACTIONS } from '../report/users.js';
import type { BucketSize } from '../report/time-buckets.js';

/** One line of the requests view. */
export interface RecordSummary {
  id: number;
  time: string;
  level: string | null;
  event: string | null;
  message: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  duration_ms: number | null;
  ip: string | null;
  ua: string | null;
  referer: string | null;
  kind: string | null;
  client: string | null;
  user: string | null;
  user_id: string | null;
  signals: string[];
  incident: string | null;
}

export interface RecordPage {
  records: RecordSummary[];
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  next?: string;
  total: number;
}

/** A cell as text or null; structures as JSON. */
export const s = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
};
const n = (v: unknown): number | null => (typeof v === 'number' ? v : v == null ? null : Number(v));

/** Matching records, newest first, a page at a time. The cursor is `<epoch µs>.<rowid>` of the last row shown. */
export async function recordPage(
  db: Db,
  filters: Filters,
  before?: string,
  limit = 100,
): Promise<RecordPage> {
  const where = filterSql(filters);
  let cursor = 'TRUE';
  if (before) {
    const m = /^(-?\d+)\.(\d+)$/.exec(before);
    if (!m) throw new RangeError(`before=${before}: not a cursor from an earlier page.`);
    cursor = `(epoch_us(ts) < ${m[1]} OR (epoch_us(ts) = ${m[1]} AND rowid < ${m[2]}))`;
  }
  const found = await rows(
    db,
    `SELECT rowid::BIGINT AS id, epoch_us(ts)::BIGINT AS us, ${iso('ts')} AS time, level, event, message, "method",
      path, status, duration_ms, ip, ua, referer, kind, coalesce(client_name, browser) AS client,
      coalesce(user_name, user_id) AS "user", user_id, signals, incident_ref
     FROM records WHERE (${where}) AND ${cursor} AND ts IS NOT NULL
     ORDER BY ts DESC, rowid DESC LIMIT ${limit + 1}`,
  );
  const [t] = await rows(db, `SELECT count(*)::BIGINT AS n FROM records WHERE ${where}`);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    records: page.map((r) => ({
      id: num(r.id),
      time: String(r.time),
      level: s(r.level),
      event: s(r.event),
      message: s(r.message),
      method: s(r.method),
      path: s(r.path),
      status: n(r.status),
      duration_ms: n(r.duration_ms),
      ip: s(r.ip),
      ua: s(r.ua),
      referer: s(r.referer),
      kind: s(r.kind),
      client: s(r.client),
      user: s(r.user),
      user_id: s(r.user_id),
      signals: (r.signals as string[] | null) ?? [],
      incident: s(r.incident_ref),
    })),
    ...(more && last ? { next: `${String(last.us)}.${String(last.id)}` } : {}),
    total: num(t?.n),
  };
}

/**
 * One record in the record schema's shape (as loaded: the columns insight keeps), for the detail view. What the record
 * lacks is undefined, so the JSON sent leaves it out.
 */
export async function recordById(db: Db, id: number): Promise<Record<string, unknown> | undefined> {
  // bytes is a BIGINT, which comes back as text: as a DOUBLE it is shown as the number it was logged as.
  const [r] = await rows(
    db,
    `SELECT * REPLACE (bytes::DOUBLE AS bytes), ${iso('ts')} AS time FROM records WHERE rowid = ${Math.trunc(id)}`,
  );
  return r ? nest(r) : undefined;
}

function nest(r: Row): Record<string, unknown> {
  const pick = (pairs: [string, string][]): Record<string, unknown> | undefined => {
    const o: Record<string, unknown> = {};
    for (const [k, col] of pairs) if (r[col] !== null && r[col] !== undefined) o[k] = r[col];
    return Object.keys(o).length > 0 ? o : undefined;
  };
  const json = (v: unknown): unknown => {
    if (typeof v !== 'string') return v ?? undefined;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  };
  return {
    time: r.time,
    level: r.level,
    channel: r.channel ?? undefined,
    event: r.event ?? undefined,
    msg: r.msg ?? undefined,
    message: r.message ?? undefined,
    request: pick([
      ['id', 'req_id'],
      ['method', 'method'],
      ['path', 'path'],
      ['route', 'route'],
      ['query', 'query'],
      ['status', 'status'],
      ['duration_ms', 'duration_ms'],
      ['bytes', 'bytes'],
      ['ip', 'ip'],
      ['ua', 'ua'],
      ['referer', 'referer'],
      ['auth_required', 'auth_required'],
      ['vhost', 'vhost'],
    ]),
    client: pick([
      ['kind', 'kind'],
      ['name', 'client_name'],
      ['browser', 'browser'],
      ['os', 'os'],
      ['device', 'device'],
      ['reason', 'client_reason'],
    ]),
    signals: Array.isArray(r.signals) && r.signals.length > 0 ? r.signals : undefined,
    user: pick([
      ['id', 'user_id'],
      ['name', 'user_name'],
      ['email', 'user_email'],
    ]),
    session: r.session ?? undefined,
    error: json(r.error),
    incident: json(r.incident),
    source: r.src,
  };
}

/** The dashboard's charts beyond the report's request timeline: actions, errors and attacks per time bucket. */
export interface Series {
  size: BucketSize;
  buckets: string[];
  actions: Record<string, number[]>;
  errors: number[];
  attacks: number[];
}

/** Counts per bucket of the same size the report's timeline uses, so all charts share one time axis. */
export async function series(db: Db, filters: Filters, size: BucketSize): Promise<Series> {
  return seriesIn(db, countedRows({ from: 'records', where: filterSql(filters) }), size);
}

/**
 * The series over a report's filtered records (`countedRows` of its scope), or over the hour rollup's rows standing
 * for them (then `size` is an hour or more, so the rollup's hours fold into its buckets).
 */
export async function seriesIn(db: Db, counted: Counted, size: BucketSize): Promise<Series> {
  const actions = USER_ACTIONS.map((a, i) => `${sumWhere(`event = ${lit(a)}`)} AS a${i}`).join(', ');
  const found = await rows(
    db,
    // Grouped by the truncated time and formatted per bucket afterwards (formatting every row cost more than
    // the counting).
    `SELECT ${iso('b')} AS bucket, * EXCLUDE (b) FROM (
       SELECT date_trunc('${size}', ts) AS b, ${actions},
         ${sumWhere("level IN ('ERROR', 'CRITICAL') OR (event = 'http.request' AND status >= 500)")} AS errors,
         ${sumWhere("event = 'http.request' AND (kind = 'scanner' OR attack)")} AS attacks
       FROM ${counted.rows} WHERE ts IS NOT NULL GROUP BY 1)
     ORDER BY b`,
  );
  return {
    size,
    buckets: found.map((r) => String(r.bucket)),
    actions: Object.fromEntries(USER_ACTIONS.map((a, i) => [a, found.map((r) => num(r[`a${i}`]))])),
    errors: found.map((r) => num(r.errors)),
    attacks: found.map((r) => num(r.attacks)),
  };
}

/**
 * The same series per UTC day (a bucket is its midnight) when the report's timeline counts days; otherwise as it is
 * (it was counted at the report's own precision, per minute or per hour: see buildReport's `alongside`).
 */
export function rebucket(fine: Series, size: BucketSize): Series {
  if (size !== 'day' || fine.size === 'day') return fine;
  const start = (bucket: string): string => `${bucket.slice(0, 10)}T00:00:00.000Z`;
  const index = new Map<string, number>();
  const out: Series = {
    size,
    buckets: [],
    actions: Object.fromEntries(Object.keys(fine.actions).map((a) => [a, []])),
    errors: [],
    attacks: [],
  };
  fine.buckets.forEach((bucket, i) => {
    const key = start(bucket);
    let j = index.get(key);
    if (j === undefined) {
      j = out.buckets.push(key) - 1;
      index.set(key, j);
      for (const a of Object.keys(out.actions)) out.actions[a]!.push(0);
      out.errors.push(0);
      out.attacks.push(0);
    }
    for (const [a, counts] of Object.entries(fine.actions)) out.actions[a]![j]! += counts[i] ?? 0;
    out.errors[j]! += fine.errors[i] ?? 0;
    out.attacks[j]! += fine.attacks[i] ?? 0;
  });
  return out;
}
