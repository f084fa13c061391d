import { text } from '../db.js';
import { rows, type Db } from '../db.js';
import { isAttackSignal, newTracker, rules, type ClientInfo, type Verdict } from '../traffic.js';
import { hitsAny, iso, num, reqs, str } from './sql-helpers.js';
import { stageTimer } from '../timing.js';

export interface Attacker {
  ip: string;
  ua: string | null;
  kind: string;
  tool: string | null;
  verdict: string;
  rules: string[];
  rule_hits: Record<string, number>;
  requests: number;
  first_seen: string;
  last_seen: string;
  examples: string[];
}

/** How many requests of suspect clients are replayed through the tracker; beyond this SQL figures stand alone. */
const TRACKER_ROWS = 500_000;

/** The rule ids that count as attacks (catalogue rules that are not mere hints). */
export function attackRuleIds(): string[] {
  return Object.keys(rules()).filter((id) => isAttackSignal(id));
}

/**
 * Clients (ip + user agent) that hit attack rules or were classified as scanners. SQL picks the suspects and
 * their figures; their requests then go through @logbook/traffic's ClientTracker in time order to get the
 * verdict and tool name the live middleware would have given.
 */
export async function attackers(db: Db, where: string): Promise<Attacker[]> {
  const timing = stageTimer();
  const ids = attackRuleIds();
  const hasAttack = hitsAny(ids);
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE suspects AS
    SELECT ip, coalesce(ua, '') AS ua FROM ${reqs(where)}
    WHERE ${hasAttack} OR kind = 'scanner' GROUP BY 1, 2`);
  // The suspects' records, fetched once: the figures, rule hits and tracker replay below all read only these.
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE suspect_rows AS
    SELECT r.ts, r.event, r."method", r.path, r.query, r.status, r.ip, r.ua, r.referer, r.kind, r.client_name,
      r.browser, r.os, r.device, r.signals
    FROM (SELECT * FROM records WHERE ${where}) r SEMI JOIN suspects s ON r.ip = s.ip AND coalesce(r.ua, '') = s.ua
    WHERE r.event IN ('http.request', 'user.login_failed')`);
  const figures = await rows(
    db,
    `SELECT ip, ua, any_value(kind) AS kind, any_value(client_name) AS name, count(*)::INT AS requests,
      ${iso('min(ts)')} AS first_seen, ${iso('max(ts)')} AS last_seen,
      list(DISTINCT path ORDER BY path) FILTER (WHERE ${hasAttack})[1:5] AS examples,
      list(DISTINCT path ORDER BY path)[1:5] AS any_paths
     FROM suspect_rows WHERE event = 'http.request'
     GROUP BY ip, ua ORDER BY requests DESC`,
  );
  if (figures.length === 0) return [];
  const ruleHits = await rows(
    db,
    `SELECT ip, coalesce(ua, '') AS ua, sig, count(*)::INT AS n
     FROM (SELECT ip, ua, unnest(signals) AS sig FROM suspect_rows WHERE event = 'http.request')
     GROUP BY 1, 2, 3`,
  );
  const hitsBy = new Map<string, Record<string, number>>();
  for (const h of ruleHits) {
    const key = `${String(h.ip)}\u0000${String(h.ua)}`;
    const m = hitsBy.get(key) ?? {};
    m[String(h.sig)] = num(h.n);
    hitsBy.set(key, m);
  }
  timing('report: attackers, SQL');
  const verdicts = await trackerVerdicts(db);
  timing('report: attackers, tracker replay');
  return figures
    .map((f): Attacker => {
      const key = `${text(f.ip)}\u0000${text(f.ua ?? '')}`;
      const hits = hitsBy.get(key) ?? {};
      const v = verdicts.get(key);
      const examples = (f.examples as string[] | null) ?? [];
      return {
        ip: String(f.ip),
        ua: str(f.ua) ?? null,
        kind: text(f.kind ?? 'unknown'),
        tool: v?.tool ?? (f.kind === 'scanner' ? (str(f.name) ?? null) : null),
        verdict: v?.verdict ?? (f.kind === 'scanner' ? 'scanner' : 'suspicious'),
        rules: Object.keys(hits).sort(),
        rule_hits: hits,
        requests: num(f.requests),
        first_seen: String(f.first_seen),
        last_seen: String(f.last_seen),
        examples: examples.length > 0 ? examples : ((f.any_paths as string[] | null) ?? []),
      };
    })
    .sort(
      (a, b) => a.verdict.localeCompare(b.verdict) || b.requests - a.requests || a.ip.localeCompare(b.ip),
    );
}

async function trackerVerdicts(db: Db): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  let tracker;
  try {
    tracker = newTracker(1_000_000);
  } catch {
    return out; // traffic without a tracker: the SQL figures still stand
  }
  const seq = await rows(
    db,
    `SELECT epoch_ms(ts)::DOUBLE AS t, event, "method" AS m, path AS p, query AS q, status AS s, ip, ua AS u,
      referer AS ref, kind, client_name AS name, browser, os, device, signals
     FROM suspect_rows ORDER BY ts LIMIT ${TRACKER_ROWS}`,
  );
  for (const r of seq) {
    const ua = str(r.u);
    if (r.event === 'user.login_failed') {
      tracker.recordFailedLogin(String(r.ip), ua, num(r.t));
      continue;
    }
    const client: ClientInfo = { kind: (r.kind as ClientInfo['kind']) ?? 'unknown' };
    if (r.name != null) client.name = text(r.name);
    if (r.browser != null) client.browser = text(r.browser);
    tracker.observe(
      {
        method: text(r.m ?? 'GET'),
        path: text(r.p ?? '/'),
        ...(r.q != null ? { query: text(r.q) } : {}),
        ...(typeof r.s === 'number' ? { status: r.s } : {}),
        ...(ua !== undefined ? { userAgent: ua } : {}),
        ...(r.ref != null ? { referer: text(r.ref) } : {}),
        ip: String(r.ip),
        time: num(r.t),
      },
      { client, signals: (r.signals as string[] | null) ?? [] },
    );
  }
  for (const v of tracker.verdicts()) out.set(`${v.ip}\u0000${v.userAgent ?? ''}`, v);
  return out;
}
