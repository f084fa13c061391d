import { rows, type Db } from '../db.js';
import { isAttackSignal, newTracker, rules, type ClientInfo, type Verdict } from '../traffic.js';
import { hitsAny, iso, reqs, type Scope } from './sql-helpers.js';
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
  /** Up to five of the requests that hit a rule, as sent (path and query string). */
  examples: string[];
}

/** How many requests of suspect clients are replayed through the tracker; beyond this SQL figures stand alone. */
const TRACKER_ROWS = 500_000;

/** The rule ids that count as attacks (catalogue rules that are not mere hints). */
export function attackRuleIds(): string[] {
  return Object.keys(rules()).filter((id) => isAttackSignal(id));
}

/**
 * Tracker verdicts by client (`ip + NUL + user agent`), each over all the loaded records of that client, or of its
 * address when the client earned none of its own.
 */
export type ClientVerdicts = Map<string, Verdict>;

/**
 * Clients (ip + user agent) that hit attack rules or were classified as scanners. SQL picks the suspects among the
 * filtered requests and their figures (counts, rules, examples, first/last seen: filtered rows only). A client's
 * verdict and tool are a property of its whole behaviour, not of the filtered rows: every request of the client
 * goes through @logbook/traffic's ClientTracker in time order, as the live middleware saw it. `verdicts` gives
 * them ready (the dashboard keeps them per loaded version); without it they are replayed here for this report's
 * suspects. `where` is the report's filter on `records` (what `scope` holds). `tag` names this call's scratch
 * tables (temp tables of this connection, dropped before returning).
 */
export async function attackers(
  db: Db,
  scope: Scope,
  tag: string,
  verdicts: (() => Promise<ClientVerdicts>) | undefined,
  clientRollup: { table: string; where: string } | undefined,
  where: string,
): Promise<Attacker[]> {
  const fetched = `${tag}_suspect_rows`;
  try {
    return await findAttackers(db, scope, fetched, verdicts, clientRollup, where);
  } finally {
    await db.conn.run(`DROP TABLE IF EXISTS ${fetched}`);
  }
}

/** Requests that make their client a suspect. */
const suspectSql = (): string => `(${hitsAny(attackRuleIds())} OR kind = 'scanner')`;

/** A suspect's figures as the figures query gives them (JSON). */
interface Figures {
  ip: string | null;
  ua: string | null;
  kind: string | null;
  name: string | null;
  requests: number;
  first_seen: string;
  last_seen: string;
  examples: string[] | null;
  client_examples: string[] | null;
  any_paths: string[] | null;
}
/** A client's requests with one signal: ip, user agent ('' for none), signal, requests (as text). */
type RuleHit = [string | null, string, string, string];

/** Attack rules about the client (its user agent or address), not about what one request asked for. */
const CLIENT_RULES = new Set(['scanner-user-agent', 'fake-crawler']);

/** A request's path with its query string, when it had one. */
const REQUEST_TARGET = `path || CASE WHEN coalesce(query, '') = '' THEN '' ELSE '?' || query END`;

async function findAttackers(
  db: Db,
  scope: Scope,
  fetched: string,
  verdictSource: (() => Promise<ClientVerdicts>) | undefined,
  clientRollup: { table: string; where: string } | undefined,
  where: string,
): Promise<Attacker[]> {
  const timing = stageTimer();
  const ids = attackRuleIds();
  const hasAttack = hitsAny(ids);
  // Rules that judge the client's user agent fire on every request it sends, "/" included: a request that hit
  // another rule shows better what was tried, so such requests are the first examples.
  const requestAttack = hitsAny(ids.filter((id) => !CLIENT_RULES.has(id)));
  // Asked first so that, shared, the replay runs while this section's SQL does.
  const ready = verdictSource?.();
  ready?.catch(() => undefined);
  // The client rollup (when the filter's columns are in it) marks the clients with a suspect request: a few
  // hundred thousand rows instead of every filtered request.
  const suspects = `(SELECT ip, coalesce(ua, '') AS ua FROM ${
    clientRollup ? `(SELECT * FROM ${clientRollup.table} WHERE ${clientRollup.where})` : reqs(scope)
  }
    WHERE ${clientRollup ? `(attack OR kind = 'scanner')` : suspectSql()} GROUP BY 1, 2)`;
  // The suspects' records, fetched once (a few thousand of a million): their filtered requests (`mine`) for the
  // figures and, without ready verdicts, every request and failed login of theirs for the tracker replay. Joining
  // the records to the suspects cost more than all the rest of the section, so it is done once, not per use.
  const replay = ready === undefined;
  const cols = `ts, event, ip, ua, path, query, status, kind, client_name, client_reason, signals`;
  const source = replay
    ? `(SELECT ${cols}, event = 'http.request' AND (${where}) AS mine
        FROM records WHERE event IN ('http.request', 'user.login_failed'))`
    : `(SELECT ${cols}, TRUE AS mine FROM ${reqs(scope)})`;
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE ${fetched} AS
    SELECT r.* FROM ${source} r SEMI JOIN ${suspects} s ON r.ip = s.ip AND coalesce(r.ua, '') = s.ua`);
  // Figures per client, most requests first, and rule hits per client and signal (summed over the client's rows
  // with and without a user agent alike, as the verdicts are keyed), in client and signal order, as two JSON texts:
  // converting thousands of rows of lists to JS values one by one cost more than the queries, and one sort of all
  // rule hits costs a fifth of sorting each client's. They read the suspects' filtered requests counted per path
  // and signal list (fewer rows still).
  const [found] = await rows(
    db,
    `WITH p AS MATERIALIZED (
       SELECT ip, ua, path, query, signals, ${hasAttack} AS attack, ${requestAttack} AS request_attack,
         any_value(kind) AS kind,
         any_value(client_name) AS name, count(*) AS n, min(ts) AS first, max(ts) AS last
       FROM ${fetched} WHERE mine GROUP BY ip, ua, path, query, signals)
     SELECT
       (SELECT to_json(list(f ORDER BY requests DESC))::VARCHAR FROM (
          SELECT ip, ua, any_value(kind) AS kind, any_value(name) AS name, sum(n)::INT AS requests,
            ${iso('min(first)')} AS first_seen, ${iso('max(last)')} AS last_seen,
            -- The request as sent, query string and all: an injection's payload is usually in the query.
            list(DISTINCT ${REQUEST_TARGET} ORDER BY ${REQUEST_TARGET}) FILTER (WHERE request_attack)[1:5] AS examples,
            list(DISTINCT ${REQUEST_TARGET} ORDER BY ${REQUEST_TARGET}) FILTER (WHERE attack)[1:5] AS client_examples,
            list(DISTINCT path ORDER BY path)[1:5] AS any_paths
          FROM p GROUP BY ip, ua) f) AS figures,
       (SELECT to_json(list([ip, ua, sig, n::VARCHAR] ORDER BY ip, ua, sig))::VARCHAR FROM (
          SELECT ip, coalesce(ua, '') AS ua, sig, sum(n)::INT AS n
          FROM (SELECT ip, ua, n, unnest(signals) AS sig FROM p) GROUP BY 1, 2, 3)) AS hits`,
  );
  const figures = JSON.parse(typeof found?.figures === 'string' ? found.figures : '[]') as Figures[];
  if (figures.length === 0) return [];
  const hitsBy = new Map<string, Record<string, number>>();
  const ruleHits = JSON.parse(typeof found?.hits === 'string' ? found.hits : '[]') as RuleHit[];
  for (const [ip, ua, sig, n] of ruleHits) {
    const key = `${String(ip)}\u0000${ua}`;
    const m = hitsBy.get(key) ?? {};
    m[sig] = Number(n);
    hitsBy.set(key, m);
  }
  timing('report: attackers, SQL');
  const verdicts = ready ? await ready : await replayVerdicts(db, fetched);
  timing('report: attackers, verdicts');
  return figures
    .map((f): Attacker => {
      const key = `${f.ip ?? ''}\u0000${f.ua ?? ''}`;
      const hits = hitsBy.get(key) ?? {};
      const v = verdicts.get(key);
      const examples = [...new Set([...(f.examples ?? []), ...(f.client_examples ?? [])])].slice(0, 5);
      return {
        ip: String(f.ip),
        ua: f.ua,
        kind: f.kind ?? 'unknown',
        tool: v?.tool ?? (f.kind === 'scanner' ? f.name : null),
        verdict: v?.verdict ?? (f.kind === 'scanner' ? 'scanner' : 'suspicious'),
        rules: Object.keys(hits), // in signal order: the hits query sorts them
        rule_hits: hits,
        requests: f.requests,
        first_seen: f.first_seen,
        last_seen: f.last_seen,
        examples: examples.length > 0 ? examples : (f.any_paths ?? []),
      };
    })
    .sort(
      (a, b) =>
        a.verdict.localeCompare(b.verdict) ||
        b.requests - a.requests ||
        a.ip.localeCompare(b.ip) ||
        // One address with several user agents: still the same order every time.
        (a.ua ?? '').localeCompare(b.ua ?? ''),
    );
}

/**
 * What the tracker reads of a request: its time, path, status, client and signals (method, query, referer and the
 * browser do not move a verdict). Rows that can neither fill a bucket nor name the tool (no signal, not a 404/403,
 * not a failed login, not a scanner) are left out: they change only counters the report does not use.
 */
const TRACKED = `event = 'user.login_failed' OR len(signals) > 0 OR status IN (403, 404) OR kind = 'scanner'`;

type Replayed = [
  t: number | null,
  failedLogin: boolean,
  path: string,
  status: number | null,
  ip: string,
  ua: string | null,
  kind: string | null,
  name: string | null,
  reason: string | null,
  signals: string[] | null,
];

/**
 * Replays every loaded request (and failed login) of the suspect clients through the tracker: of the clients in
 * table `among` (columns ip, ua with '' for none), or of every client with an attack or scanner request when absent.
 */
export async function clientVerdicts(db: Db, among?: string): Promise<ClientVerdicts> {
  const suspectsOf =
    among ??
    `(SELECT ip, coalesce(ua, '') AS ua FROM records WHERE event = 'http.request' AND ${suspectSql()} GROUP BY 1, 2)`;
  return replayVerdicts(
    db,
    `(SELECT r.* FROM records r SEMI JOIN ${suspectsOf} s ON r.ip = s.ip AND coalesce(r.ua, '') = s.ua
      WHERE r.event IN ('http.request', 'user.login_failed'))`,
  );
}

/**
 * Replays the requests and failed logins in `from` (a relation with the records' columns, holding the records of
 * the clients to judge: every one of theirs, as verdicts depend on them all) through the tracker in time order.
 */
async function replayVerdicts(db: Db, from: string): Promise<ClientVerdicts> {
  const out: ClientVerdicts = new Map();
  let tracker;
  try {
    tracker = newTracker(1_000_000);
  } catch {
    return out; // traffic without a tracker: the SQL figures still stand
  }
  // One JSON text for the whole sequence: DuckDB's per-value conversion to JS costs ~6 µs a row over nine
  // columns, a single string parsed by JSON.parse less than 1 µs.
  const [seq] = await rows(
    db,
    `SELECT '[' || coalesce(string_agg(j, ',' ORDER BY ts), '') || ']' AS j FROM (
       SELECT ts, json_array(epoch_ms(ts), event = 'user.login_failed', coalesce(path, '/'), status, ip, ua,
         kind, client_name, client_reason, signals)::VARCHAR AS j
       FROM ${from}
       WHERE event IN ('http.request', 'user.login_failed') AND (${TRACKED}) ORDER BY ts LIMIT ${TRACKER_ROWS})`,
  );
  const clients = new Map<string, [ip: string, ua: string]>();
  for (const [t, failedLogin, path, status, ip, ua, kind, name, reason, signals] of JSON.parse(
    typeof seq?.j === 'string' ? seq.j : '[]',
  ) as Replayed[]) {
    clients.set(`${ip}\u0000${ua ?? ''}`, [ip, ua ?? '']);
    const userAgent = ua ?? undefined;
    if (failedLogin) {
      tracker.recordFailedLogin(ip, userAgent, t ?? 0);
      continue;
    }
    const client: ClientInfo = { kind: (kind as ClientInfo['kind'] | null) ?? 'unknown' };
    if (name != null) client.name = name;
    // Why the client got its kind: the tracker names a tool by it, and spares a verified crawler's dead links.
    if (reason != null) client.reason = reason;
    tracker.observe(
      {
        method: 'GET',
        path,
        ...(typeof status === 'number' ? { status } : {}),
        ...(userAgent !== undefined ? { userAgent } : {}),
        ip,
        time: t ?? 0,
      },
      { client, signals: signals ?? [] },
    );
  }
  // Each client asked for as the records name it (the tracker files one under the start of a long user agent); one
  // with no verdict of its own gets its address's, as the live middleware answers a prober that changes its user
  // agent with every request.
  for (const [key, [ip, ua]] of clients) {
    const v = tracker.verdict(ip, ua) ?? tracker.verdict(ip);
    if (v !== undefined) out.set(key, v);
  }
  return out;
}
