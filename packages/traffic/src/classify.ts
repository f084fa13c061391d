import { OUTDATED_AFTER_MS } from './browser-age.js';
import { BAD_METHODS } from './data/paths.js';
import { MAX_INSPECT, MAX_REQUEST_TARGET, pathSegments, percentDecode } from './decode.js';
import { judgeCrawlerAddress } from './fake-crawler.js';
import { PRODUCT_PROBES, isAutoRequested, isStaticPath, pathProbeMask } from './path-rules.js';
import { headerMask, payloadMask } from './payload-rules.js';
import { bit, signalsOf } from './signal-set.js';
import type { Classification, ClientInfo, RequestFacts } from './types.js';
import { type UaAnalysis, analyseUserAgent } from './user-agent.js';

const BAD_METHOD = bit('bad-method');
const MALFORMED = bit('malformed-request');
const OUTDATED = bit('outdated-browser');
const FAKE_CRAWLER = bit('fake-crawler');
const CRAWLER_RESTRICTED = bit('crawler-restricted');
const NOT_FOUND_PROBE = bit('not-found-probe');

const badMethods = new Set(BAD_METHODS);

/** An HTTP method is an RFC 9110 token; browsers and servers only ever use upper-case letters. */
function isPlausibleMethod(m: string): boolean {
  if (m.length === 0 || m.length > 24) return false;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45 || c === 95)) return false;
  }
  return true;
}

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

/** ASCII lower-casing that returns the same string (no allocation) when there is nothing to lower. */
function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

function timeOf(t: number | Date | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = typeof t === 'number' ? t : t.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** The host of an http(s) URL, lower-cased, or undefined when the text is not such a URL. */
function urlHost(u: string): string | undefined {
  const lower = u.length > 2048 ? u.slice(0, 2048).toLowerCase() : u.toLowerCase();
  const start = lower.startsWith('https://') ? 8 : lower.startsWith('http://') ? 7 : -1;
  if (start < 0) return undefined;
  let end = start;
  while (end < lower.length) {
    const c = lower.charCodeAt(end);
    if (c === 47 || c === 63 || c === 35 || c === 58) break; // / ? # :
    end++;
  }
  return end > start ? lower.slice(start, end) : undefined;
}

/**
 * Whether some page links to the requested path: the app says so (`linked`), or the request carries an
 * http(s) referer that is not the requested page itself.
 */
function looksLinked(req: RequestFacts, lowerPath: string): boolean {
  if (req.linked !== undefined) return req.linked;
  const ref = req.referer;
  if (typeof ref !== 'string' || ref === '' || ref === '-') return false;
  const host = urlHost(ref);
  if (host === undefined) return false;
  if (typeof req.host === 'string' && host === req.host.toLowerCase()) {
    // A page referring to itself is what scanners forge; an internal referer from another page is a link.
    const pathStart = ref.indexOf('/', ref.indexOf('//') + 2);
    const refPath = pathStart === -1 ? '/' : ref.slice(pathStart).split('?')[0]!.toLowerCase();
    return refPath !== lowerPath;
  }
  return true;
}

function crawlerClient(ua: UaAnalysis, ip: string | undefined): { client: ClientInfo; fake: boolean } {
  if (ua.rangesKey === undefined || ip === undefined || ip === '') return { client: ua.client, fake: false };
  const judged = judgeCrawlerAddress(ua.rangesKey, ip);
  ua.variants ??= new Map();
  let client = ua.variants.get(judged.reason);
  if (client === undefined) {
    client = Object.freeze({ ...ua.client, reason: `bot (isbot); ${judged.reason}` });
    if (ua.variants.size < 16) ua.variants.set(judged.reason, client);
  }
  return { client, fake: judged.verdict === 'fake' };
}

/**
 * Classify one request: who the client is and which rules of the catalogue (`RULES`) it triggers.
 * Pure and synchronous; never throws on odd input (invalid encodings, NUL bytes, 100 KB values).
 */
export function classify(req: RequestFacts): Classification {
  const ua = analyseUserAgent(req.userAgent);
  let mask = ua.mask;
  let client = ua.client;

  const method = typeof req.method === 'string' ? req.method : '';
  if (!isPlausibleMethod(method)) mask |= MALFORMED;
  else if (badMethods.has(method)) mask |= BAD_METHOD;

  let rawPath = typeof req.path === 'string' ? req.path : '';
  let rawQuery = typeof req.query === 'string' ? req.query : undefined;
  if (rawQuery === undefined) {
    const q = rawPath.indexOf('?');
    if (q !== -1) {
      rawQuery = rawPath.slice(q + 1);
      rawPath = rawPath.slice(0, q);
    }
  } else if (rawQuery.startsWith('?')) rawQuery = rawQuery.slice(1);
  const targetLength = rawPath.length + (rawQuery?.length ?? 0);
  if (targetLength > MAX_REQUEST_TARGET) mask |= MALFORMED;
  // Origin-form targets start with `/`; `*` is for OPTIONS. Anything else (absolute URLs for proxies,
  // garbage) is not what a browser sends to a web site.
  if (!(rawPath.startsWith('/') || (rawPath === '*' && method === 'OPTIONS'))) mask |= MALFORMED;
  if (rawPath.length > MAX_INSPECT) rawPath = rawPath.slice(0, MAX_INSPECT);
  if (rawQuery !== undefined && rawQuery.length > MAX_INSPECT) rawQuery = rawQuery.slice(0, MAX_INSPECT);
  if (hasControlChar(rawPath) || (rawQuery !== undefined && hasControlChar(rawQuery))) mask |= MALFORMED;

  const decodedPath = percentDecode(rawPath, false);
  let lowerPath = lower(decodedPath.text);
  if (decodedPath.invalid) mask |= MALFORMED;
  const nul = lowerPath.indexOf('\0');
  if (nul !== -1) {
    // A NUL cuts the path where C-based servers and PHP stop reading (`shell.php%00.jpg`).
    mask |= MALFORMED;
    lowerPath = lowerPath.slice(0, nul);
  }
  const segs = pathSegments(lowerPath);
  let probes = pathProbeMask(segs, lowerPath.endsWith('/'));
  const status = req.status;
  if (status !== undefined && status >= 100 && status < 400) probes &= ~PRODUCT_PROBES;
  mask |= probes;

  let target = lowerPath;
  if (rawQuery !== undefined && rawQuery.length > 0) {
    const decodedQuery = percentDecode(rawQuery, true);
    if (decodedQuery.invalid) mask |= MALFORMED;
    target = `${lowerPath}?${lower(decodedQuery.text)}`;
  }
  const last = segs.length > 0 ? segs[segs.length - 1]! : '';
  mask |= payloadMask(target, last.endsWith('.php'));

  const referer = req.referer;
  if (typeof referer === 'string' && referer.length > 0) {
    mask |= headerMask(
      (referer.length > MAX_INSPECT ? referer.slice(0, MAX_INSPECT) : referer).toLowerCase(),
    );
  }

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

  if (status === 404 && !isStaticPath(segs) && !isAutoRequested(segs) && !looksLinked(req, lowerPath)) {
    mask |= NOT_FOUND_PROBE;
  }

  return { client, signals: signalsOf(mask) };
}
