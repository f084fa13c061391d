import { OUTDATED_AFTER_MS } from './browser-age.js';
import { MAX_INSPECT, percentDecode } from './decode.js';
import { judgeCrawlerAddress } from './fake-crawler.js';
import { Lru } from './lru.js';
import { PRODUCT_PROBES } from './path-rules.js';
import { headerMask } from './payload-rules.js';
import { bit, signalsOf } from './signal-set.js';
import { type TargetAnalysis, analyseTarget, computeTarget } from './target.js';
import type { Classification, ClientInfo, RequestFacts } from './types.js';
import { type UaAnalysis, analyseUserAgent, analyseUserAgentUncached } from './user-agent.js';

const OUTDATED = bit('outdated-browser');
const FAKE_CRAWLER = bit('fake-crawler');
const CRAWLER_RESTRICTED = bit('crawler-restricted');
const NOT_FOUND_PROBE = bit('not-found-probe');

function timeOf(t: number | Date | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = typeof t === 'number' ? t : t.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** The host of an http(s) URL, lower-cased, or undefined when the text is not such a URL. */
function urlHost(u: string): string | undefined {
  const scheme = u.slice(0, 8).toLowerCase();
  const start = scheme.startsWith('https://') ? 8 : scheme.startsWith('http://') ? 7 : -1;
  if (start < 0) return undefined;
  let end = start;
  while (end < u.length) {
    const c = u.charCodeAt(end);
    if (c === 47 || c === 63 || c === 35 || c === 58) break; // / ? # :
    end++;
  }
  return end > start ? u.slice(start, end).toLowerCase() : undefined;
}

/**
 * A referer's path as the target's is judged: percent-decoded, lower-cased, cut at a NUL. Compared raw, a scanner's
 * self-referer spelt like its request (`/wp-login.ph%70` on both) differed from the decoded path and counted as a link.
 */
function refererPath(raw: string): string {
  const text = percentDecode(
    raw.length > MAX_INSPECT ? raw.slice(0, MAX_INSPECT) : raw,
    false,
  ).text.toLowerCase();
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

/**
 * Whether some page links to the requested path: the app says so (`linked`), or the request carries an
 * http(s) referer that is not the requested page itself.
 */
function looksLinked(req: RequestFacts, lowerPath: string): boolean {
  if (req.linked !== undefined) return req.linked;
  const ref = req.referer;
  if (typeof ref !== 'string') return false;
  const host = urlHost(ref);
  if (host === undefined) return false;
  if (typeof req.host === 'string' && host === req.host.toLowerCase()) {
    // A page referring to itself is what scanners forge; an internal referer from another page is a link.
    const pathStart = ref.indexOf('/', ref.indexOf('//') + 2);
    return refererPath(pathStart === -1 ? '/' : ref.slice(pathStart).split('?')[0]!) !== lowerPath;
  }
  return true;
}

function crawlerClient(ua: UaAnalysis, ip: string | undefined): { client: ClientInfo; fake: boolean } {
  // Without an address the crawler is not verified, and its reason says so (isVerifiedCrawler reads it).
  if (ua.rangesKey === undefined) return { client: ua.client, fake: false };
  const judged = judgeCrawlerAddress(ua.rangesKey, ip);
  ua.variants ??= new Map();
  let client = ua.variants.get(judged.reason);
  if (client === undefined) {
    client = Object.freeze({ ...ua.client, reason: `bot (isbot); ${judged.reason}` });
    if (ua.variants.size < 16) ua.variants.set(judged.reason, client);
  }
  return { client, fake: judged.verdict === 'fake' };
}

/** Referers repeat like user agents do (a site's own pages, a few search engines); their header rules are kept. */
const REFERER_CACHE_SIZE = 4096;
const REFERER_KEY_MAX = 1024;
const referers = new Lru<string, number>(REFERER_CACHE_SIZE);

function refererMask(referer: string): number {
  const text = referer.length > MAX_INSPECT ? referer.slice(0, MAX_INSPECT) : referer;
  return headerMask(text.toLowerCase(), false);
}

/** Entries in the referer cache (for tests that prove it stays bounded). */
export function refererCacheSize(): number {
  return referers.size;
}

function cachedRefererMask(referer: string): number {
  if (referer.length > REFERER_KEY_MAX) return refererMask(referer);
  let mask = referers.peek(referer);
  if (mask === undefined) {
    mask = refererMask(referer);
    referers.set(referer, mask);
  }
  return mask;
}

/** Where classify() gets the parts that depend on one input each: from the caches, or computed afresh. */
interface PartSources {
  userAgent: (ua: string | undefined) => UaAnalysis;
  target: (method: string, path: string, query: string | undefined) => TargetAnalysis;
  referer: (referer: string) => number;
}
const CACHED: PartSources = {
  userAgent: analyseUserAgent,
  target: analyseTarget,
  referer: cachedRefererMask,
};
const FRESH: PartSources = {
  userAgent: analyseUserAgentUncached,
  target: computeTarget,
  referer: refererMask,
};

/**
 * Classify one request: who the client is and which rules of the catalogue (`RULES`) it triggers.
 * Pure and synchronous; never throws on odd input (invalid encodings, NUL bytes, 100 KB values).
 * What depends on the user agent, on the method and target, and on the referer alone is computed once
 * per distinct value and kept in bounded caches; the client address, the time and the status are
 * judged on every call.
 */
export function classify(req: RequestFacts): Classification {
  return classifyFrom(CACHED, req);
}

/** classify() without any of its caches: every part computed afresh (tests compare the two). */
export function classifyUncached(req: RequestFacts): Classification {
  return classifyFrom(FRESH, req);
}

/** How many user agents, request lines and referers one batch classifier remembers; past that it computes afresh. */
const BATCH_MEMO_MAX = 500_000;

/** `known`'s answer for `key`, computed and kept (while there is room) when new. `compute` is a plain function: no closure per call. */
function remember<V>(known: Map<string, V>, key: string, compute: (key: string) => V): V {
  let v = known.get(key);
  if (v === undefined) {
    v = compute(key);
    if (known.size < BATCH_MEMO_MAX) known.set(key, v);
  }
  return v;
}

/** A method's request lines on one path: the one without a query, and those with one, by query. */
interface MethodLines {
  none?: TargetAnalysis;
  queries?: Map<string, TargetAnalysis>;
}

/**
 * A classify() for one batch of requests read from a log (insight classifies each distinct request once): every
 * user agent, request line and referer is analysed once for the batch's life, however many there are. classify()'s
 * shared caches are bounded for a long-running server, and a log with more distinct user agents or request lines
 * than they hold (a few months of a real site) made them evict each other and analyse the same values again and
 * again. Drop the function when the batch is done to free what it remembers.
 */
export function batchClassifier(): (req: RequestFacts) => Classification {
  const agents = new Map<string, UaAnalysis>();
  // By path, then method, then query: a caller that passes the same strings again (insight does) is found
  // without building a key, and nothing is ambiguous whatever characters a logged method, query or path holds.
  const lines = new Map<string, Map<string, MethodLines>>();
  const referers = new Map<string, number>();
  let rememberedLines = 0;
  const parts: PartSources = {
    userAgent: (ua) =>
      typeof ua === 'string' ? remember(agents, ua, analyseUserAgentUncached) : analyseUserAgentUncached(ua),
    target: (method, path, query) => {
      let methods = lines.get(path);
      if (methods === undefined) lines.set(path, (methods = new Map()));
      let slot = methods.get(method);
      if (slot === undefined) methods.set(method, (slot = {}));
      let a = query === undefined ? slot.none : slot.queries?.get(query);
      if (a === undefined) {
        a = computeTarget(method, path, query);
        if (rememberedLines++ < BATCH_MEMO_MAX) {
          if (query === undefined) slot.none = a;
          else (slot.queries ??= new Map()).set(query, a);
        }
      }
      return a;
    },
    referer: (referer) => remember(referers, referer, refererMask),
  };
  return (req) => classifyFrom(parts, req);
}

function classifyFrom(parts: PartSources, req: RequestFacts): Classification {
  const referer = req.referer;
  return combine(
    req,
    parts.userAgent(req.userAgent),
    parts.target(
      typeof req.method === 'string' ? req.method : '',
      typeof req.path === 'string' ? req.path : '',
      typeof req.query === 'string' ? req.query : undefined,
    ),
    typeof referer === 'string' && referer.length > 0 ? parts.referer(referer) : 0,
  );
}

/** The parts that depend on one input each, judged together with the address, time and status. */
function combine(req: RequestFacts, ua: UaAnalysis, target: TargetAnalysis, refMask: number): Classification {
  let client = ua.client;
  const status = req.status;
  let probes = target.probes;
  if (status !== undefined && status >= 100 && status < 400) probes &= ~PRODUCT_PROBES;
  let mask = ua.mask | target.mask | probes | refMask;

  if (ua.supersededAt !== undefined) {
    const t = timeOf(req.time);
    if (t !== undefined && t - ua.supersededAt > OUTDATED_AFTER_MS) mask |= OUTDATED;
  }

  if (client.kind === 'crawler') {
    const judged = crawlerClient(ua, typeof req.ip === 'string' ? req.ip : undefined);
    client = judged.client;
    if (judged.fake) mask |= FAKE_CRAWLER;
    if (req.authRequired === true || status === 401 || status === 403) mask |= CRAWLER_RESTRICTED;
  }

  if (status === 404 && target.probeIf404 && !looksLinked(req, target.lowerPath)) mask |= NOT_FOUND_PROBE;

  return { client, signals: signalsOf(mask) };
}
