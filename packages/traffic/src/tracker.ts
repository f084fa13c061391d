import { isVerifiedCrawler } from './fake-crawler.js';
import { LeakyBucket, type BucketSpec } from './leaky-bucket.js';
import { Lru } from './lru.js';
import { RULES } from './rules.js';
import { STATIC_EXTENSIONS } from './data/paths.js';
import type { Classification, RequestFacts } from './types.js';

/** What the tracker concluded about one client, with the evidence. */
export interface Verdict {
  /** `ip` or `ip|user agent`. */
  key: string;
  ip: string;
  userAgent?: string;
  /** 'exploit' | 'brute-force' | 'scanner' | 'fake-crawler' | 'wordpress-scan' | 'sensitive-file-scan' | 'admin-scan' | 'probing' */
  verdict: string;
  firstSeen: number;
  lastSeen: number;
  requests: number;
  /** How often each rule fired for this client. */
  rules: Record<string, number>;
  /** Distinct paths that fired a rule or a 404/403 (bounded by maxPathsPerClient). */
  paths: string[];
  /** Scanner or tool name from the user agent, when there is one. */
  tool?: string;
}

export interface ClientTrackerOptions {
  /** Clients remembered per key kind (ip+ua, and ip alone); least recently seen are forgotten. Default 10,000. */
  maxClients?: number;
  /** Evidence paths kept per client. Default 20. */
  maxPathsPerClient?: number;
}

interface Scenario {
  verdict: string;
  rank: number;
  spec: BucketSpec;
}

/**
 * The scenarios, strongest first. Capacities follow CrowdSec's HTTP scenarios where one exists
 * (http-probing: 10 distinct paths leaking one per 10 s; WordPress scan and sensitive files: a few
 * within seconds; bad user agent: the first request).
 */
const SCENARIOS = {
  exploit: { verdict: 'exploit', rank: 8, spec: { capacity: 1, leakMs: 30_000 } },
  exploitCritical: { verdict: 'exploit', rank: 8, spec: { capacity: 0, leakMs: 1 } },
  bruteForce: { verdict: 'brute-force', rank: 7, spec: { capacity: 5, leakMs: 20_000 } },
  scanner: { verdict: 'scanner', rank: 6, spec: { capacity: 0, leakMs: 1 } },
  fakeCrawler: { verdict: 'fake-crawler', rank: 5, spec: { capacity: 0, leakMs: 1 } },
  wordpress: { verdict: 'wordpress-scan', rank: 4, spec: { capacity: 2, leakMs: 10_000 } },
  sensitive: { verdict: 'sensitive-file-scan', rank: 4, spec: { capacity: 1, leakMs: 5_000 } },
  admin: { verdict: 'admin-scan', rank: 3, spec: { capacity: 2, leakMs: 30_000 } },
  probing: { verdict: 'probing', rank: 2, spec: { capacity: 10, leakMs: 10_000 } },
} satisfies Record<string, Scenario>;

const EXPLOIT_RULES = new Set([
  'sql-injection',
  'xss',
  'path-traversal',
  'php-remote-include',
  'backdoor-probe',
  'cve-probe',
]);
const CRITICAL_RULES = new Set(
  Object.values(RULES)
    .filter((r) => r.severity === 'critical')
    .map((r) => r.id),
);
/** A 404 or 403 on a static asset is a broken asset, not probing (the same list classify's not-found rules use). */
const STATIC = new RegExp(`\\.(?:${STATIC_EXTENSIONS.map((ext) => ext.slice(1)).join('|')})$`);
/** The regular expressions this module builds, for the backtracking test. */
export const TRACKER_REGEXES: readonly RegExp[] = [STATIC];
const MAX_PATH_CHARS = 256;
const MAX_DISTINCT = 64;

interface State {
  key: string;
  ip: string;
  userAgent?: string;
  firstSeen: number;
  lastSeen: number;
  requests: number;
  rules: Record<string, number>;
  paths: string[];
  /** One bucket per scenario this client has poured into. */
  buckets: Map<Scenario, LeakyBucket>;
  distinct: Set<string>;
  verdict?: Scenario;
  tool?: string;
}

/** Longest user agent and address a client is filed under: a client is its address and the start of its user agent. */
const MAX_USER_AGENT_CHARS = 512;
const MAX_IP_CHARS = 128;

/** The address a client is filed under: `-` when there is none (as access logs write it), cut to MAX_IP_CHARS. */
function ipOf(ip: unknown): string {
  if (typeof ip !== 'string' || ip === '') return '-';
  return ip.length > MAX_IP_CHARS ? ip.slice(0, MAX_IP_CHARS) : ip;
}

function userAgentOf(ua: unknown): string | undefined {
  return typeof ua === 'string' && ua !== '' ? ua.slice(0, MAX_USER_AGENT_CHARS) : undefined;
}

/**
 * The map key of ip + user agent. The address's length comes first, so no address and user agent read as another
 * pair: `198.51.100.7|x` with `sqlmap` and `198.51.100.7` with `x|sqlmap` were one client, sharing a verdict.
 */
function clientKey(ip: string, ua: string | undefined): string {
  return `${ip.length}:${ip}|${ua ?? ''}`;
}

function pathOnly(p: string): string {
  const q = p.indexOf('?');
  const s = q === -1 ? p : p.slice(0, q);
  return s.length > MAX_PATH_CHARS ? s.slice(0, MAX_PATH_CHARS) : s;
}

/**
 * Per-client memory that turns per-request signals into verdicts over time. Keeps two views: the client
 * as ip + user agent, and the ip alone (catches attackers who rotate user agents). Bounded: LRU on clients,
 * caps on paths. Uses the records' own times.
 */
export class ClientTracker {
  readonly #byClient: Lru<string, State>;
  readonly #byIp: Lru<string, State>;
  readonly #maxPaths: number;
  #latest = 0;

  constructor(options: ClientTrackerOptions = {}) {
    const maxClients = options.maxClients ?? 10_000;
    const maxPaths = options.maxPathsPerClient ?? 20;
    if (!Number.isInteger(maxClients) || maxClients < 1) {
      throw new RangeError(`ClientTracker: maxClients must be a positive integer, got ${String(maxClients)}`);
    }
    if (!Number.isInteger(maxPaths) || maxPaths < 0) {
      throw new RangeError(
        `ClientTracker: maxPathsPerClient must be a non-negative integer, got ${String(maxPaths)}`,
      );
    }
    this.#byClient = new Lru(maxClients);
    this.#byIp = new Lru(maxClients);
    this.#maxPaths = maxPaths;
  }

  #time(t: number | Date | undefined): number {
    const ms = t === undefined ? undefined : typeof t === 'number' ? t : t.getTime();
    if (ms === undefined || !Number.isFinite(ms)) return this.#latest;
    if (ms > this.#latest) this.#latest = ms;
    return ms;
  }

  #state(
    map: Lru<string, State>,
    mapKey: string,
    ip: string,
    userAgent: string | undefined,
    time: number,
  ): State {
    let s = map.get(mapKey);
    if (s === undefined) {
      s = {
        key: map === this.#byIp ? ip : `${ip}|${userAgent ?? ''}`,
        ip,
        firstSeen: time,
        lastSeen: time,
        requests: 0,
        rules: {},
        paths: [],
        buckets: new Map(),
        distinct: new Set(),
      };
      if (userAgent !== undefined) s.userAgent = userAgent;
      map.set(mapKey, s);
    }
    if (time < s.firstSeen) s.firstSeen = time;
    if (time > s.lastSeen) s.lastSeen = time;
    return s;
  }

  #pour(s: State, scenario: Scenario, time: number): void {
    let b = s.buckets.get(scenario);
    if (b === undefined) {
      b = new LeakyBucket();
      s.buckets.set(scenario, b);
    }
    if (b.pour(time, scenario.spec) && (s.verdict === undefined || scenario.rank > s.verdict.rank))
      s.verdict = scenario;
  }

  #evidence(s: State, path: string): void {
    if (s.paths.length < this.#maxPaths && !s.paths.includes(path)) s.paths.push(path);
  }

  #apply(s: State, req: RequestFacts, result: Classification, time: number): void {
    s.requests++;
    const path = pathOnly(typeof req.path === 'string' ? req.path : '');
    if (result.client.kind === 'scanner' && result.client.name !== undefined) s.tool = result.client.name;
    else if (
      s.tool === undefined &&
      result.client.reason?.startsWith('tool:') &&
      result.client.name !== undefined
    ) {
      s.tool = result.client.name;
    }
    for (const id of result.signals) {
      s.rules[id] = (s.rules[id] ?? 0) + 1;
      if (id !== 'empty-user-agent' && id !== 'tool-user-agent' && id !== 'outdated-browser')
        this.#evidence(s, path);
      if (CRITICAL_RULES.has(id)) this.#pour(s, SCENARIOS.exploitCritical, time);
      else if (EXPLOIT_RULES.has(id)) this.#pour(s, SCENARIOS.exploit, time);
      if (id === 'scanner-user-agent') this.#pour(s, SCENARIOS.scanner, time);
      else if (id === 'fake-crawler') this.#pour(s, SCENARIOS.fakeCrawler, time);
      else if (id === 'wordpress-probe') this.#pour(s, SCENARIOS.wordpress, time);
      if (id === 'wordpress-probe' || id === 'admin-interface-probe' || id === 'phpmyadmin-probe') {
        this.#pour(s, SCENARIOS.admin, time);
      } else if (id === 'sensitive-file') this.#pour(s, SCENARIOS.sensitive, time);
    }
    const status = req.status;
    if ((status === 404 || status === 403) && !STATIC.test(path.toLowerCase())) {
      this.#evidence(s, path);
      // A crawler follows links other sites publish, dead ones too (Googlebot after a site moved its pages): its
      // 404s are broken links, not probing. Only crawlers whose address was verified are spared, as CrowdSec's
      // whitelist of verified search engines does (any program can call itself a bot); other scenarios still apply.
      if (!isVerifiedCrawler(result.client) && !s.distinct.has(path)) {
        if (s.distinct.size >= MAX_DISTINCT) s.distinct.clear();
        s.distinct.add(path);
        this.#pour(s, SCENARIOS.probing, time);
      }
    }
  }

  /** Feed one classified request; returns the client's verdict when it has one. */
  observe(req: RequestFacts, result: Classification): Verdict | undefined {
    const ip = ipOf(req.ip);
    const ua = userAgentOf(req.userAgent);
    const time = this.#time(req.time);
    const client = this.#state(this.#byClient, clientKey(ip, ua), ip, ua, time);
    const byIp = this.#state(this.#byIp, ip, ip, undefined, time);
    this.#apply(client, req, result, time);
    this.#apply(byIp, req, result, time);
    return snapshot(client) ?? snapshot(byIp);
  }

  /**
   * Record a failed login (the app knows; the access log does not); six in quick succession is brute force. The
   * client is filed as `observe` files it (an empty address is `-`).
   */
  recordFailedLogin(ip: string, userAgent: string | undefined, time: number): Verdict | undefined {
    const t = this.#time(time);
    const address = ipOf(ip);
    const ua = userAgentOf(userAgent);
    const client = this.#state(this.#byClient, clientKey(address, ua), address, ua, t);
    const byIp = this.#state(this.#byIp, address, address, undefined, t);
    for (const s of [client, byIp]) {
      s.rules['failed-login'] = (s.rules['failed-login'] ?? 0) + 1;
      this.#pour(s, SCENARIOS.bruteForce, t);
    }
    return snapshot(client) ?? snapshot(byIp);
  }

  /** The verdict for ip + user agent, or for the ip alone when no user agent is given. */
  verdict(ip: string, userAgent?: string): Verdict | undefined {
    const address = ipOf(ip);
    const s =
      userAgent === undefined
        ? this.#byIp.peek(address)
        : this.#byClient.peek(clientKey(address, userAgentOf(userAgent)));
    return s === undefined ? undefined : snapshot(s);
  }

  /**
   * Every client with a verdict: one per ip + user agent, plus an ip-alone verdict for addresses whose
   * individual user agents stayed below every threshold (user-agent rotation).
   */
  verdicts(): Verdict[] {
    const out: Verdict[] = [];
    const covered = new Set<string>();
    for (const s of this.#byClient.values()) {
      const v = snapshot(s);
      if (v !== undefined) {
        out.push(v);
        covered.add(s.ip);
      }
    }
    for (const s of this.#byIp.values()) {
      if (covered.has(s.ip)) continue;
      const v = snapshot(s);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}

/**
 * The verdict's name. The admin bucket fills slower than the WordPress one, so a client that asks for WordPress
 * pages only, a few seconds apart, crosses it first: its evidence is all WordPress, and so is the verdict.
 */
function verdictName(s: State): string {
  const v = s.verdict!.verdict;
  if (
    v === 'admin-scan' &&
    s.rules['admin-interface-probe'] === undefined &&
    s.rules['phpmyadmin-probe'] === undefined
  )
    return 'wordpress-scan';
  return v;
}

function snapshot(s: State): Verdict | undefined {
  if (s.verdict === undefined) return undefined;
  const v: Verdict = {
    key: s.key,
    ip: s.ip,
    verdict: verdictName(s),
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    requests: s.requests,
    rules: { ...s.rules },
    paths: [...s.paths],
  };
  if (s.userAgent !== undefined) v.userAgent = s.userAgent;
  if (s.tool !== undefined) v.tool = s.tool;
  return v;
}
