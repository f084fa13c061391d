import { authorityLength } from './authority.js';
import { BAD_METHODS } from './data/paths.js';
import { MAX_INSPECT, MAX_REQUEST_TARGET, pathSegments, percentDecode } from './decode.js';
import { Lru } from './lru.js';
import { isAutoRequested, isStaticPath, pathProbeMask } from './path-rules.js';
import { headerMask, payloadMask } from './payload-rules.js';
import { bit } from './signal-set.js';

const BAD_METHOD = bit('bad-method');
const MALFORMED = bit('malformed-request');

const badMethods = new Set(BAD_METHODS);

/**
 * Everything the method and the request target (path and query) decide on their own. It is a pure
 * function of those three strings, so it is computed once per distinct request line and kept.
 */
export interface TargetAnalysis {
  /** Signals of the method and target, except the path probes. */
  readonly mask: number;
  /** Path-probe signals; the caller drops the product probes when the site answered the path. */
  readonly probes: number;
  /** The decoded, lower-cased path (after any host the target names, cut at a NUL), for a 404's referer check. */
  readonly lowerPath: string;
  /** A 404 here may be a guess: the path is neither a static asset nor a file clients fetch unasked. */
  readonly probeIf404: boolean;
}

/** An HTTP method is an RFC 9110 token; browsers and servers only ever use upper-case letters. */
function isPlausibleMethod(m: string): boolean {
  if (m.length === 0 || m.length > 24) return false;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 45 || c === 95)) return false;
  }
  return true;
}

/**
 * A control byte, DEL or a raw space: none is in a request target a browser sends (RFC 9112 3.2); a space there
 * ends the request line, so `GET /a b HTTP/1.1` comes from a scanner or a hand-made request, not a browser.
 */
function hasSpaceOrControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 127) return true;
  }
  return false;
}

/**
 * CONNECT's target is a host and port (RFC 9112 3.2.3): `example.com:443`, `[2001:db8::1]:443`. Sent to a site that
 * is no proxy it is a proxy probe, which bad-method tells; it is well-formed HTTP, not a malformed request.
 */
const AUTHORITY_FORM = /^(?:\[[\da-f:.]+\]|[\w.-]+):\d{1,5}$/i;

/** ASCII lower-casing that returns the same string (no allocation) when there is nothing to lower. */
function lower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

/** The analysis, computed afresh. `query` undefined: a `?` in `path` starts the query. */
export function computeTarget(method: string, path: string, query: string | undefined): TargetAnalysis {
  let mask = 0;
  if (!isPlausibleMethod(method)) mask |= MALFORMED;
  else if (badMethods.has(method)) mask |= BAD_METHOD;

  let rawPath = path;
  let rawQuery = query;
  if (rawQuery === undefined) {
    const q = rawPath.indexOf('?');
    if (q !== -1) {
      rawQuery = rawPath.slice(q + 1);
      rawPath = rawPath.slice(0, q);
    }
  } else if (rawQuery.startsWith('?')) rawQuery = rawQuery.slice(1);
  const targetLength = rawPath.length + (rawQuery?.length ?? 0);
  if (targetLength > MAX_REQUEST_TARGET) mask |= MALFORMED;
  // Origin-form targets start with `/`; `*` is for OPTIONS; CONNECT names a host and port. Anything else (absolute
  // URLs for proxies, garbage) is not what a browser sends to a web site.
  const wellFormed =
    method === 'CONNECT'
      ? AUTHORITY_FORM.test(rawPath)
      : rawPath.startsWith('/') || (rawPath === '*' && method === 'OPTIONS');
  if (!wellFormed) mask |= MALFORMED;
  if (rawPath.length > MAX_INSPECT) rawPath = rawPath.slice(0, MAX_INSPECT);
  if (rawQuery !== undefined && rawQuery.length > MAX_INSPECT) rawQuery = rawQuery.slice(0, MAX_INSPECT);
  if (hasSpaceOrControl(rawPath) || (rawQuery !== undefined && hasSpaceOrControl(rawQuery)))
    mask |= MALFORMED;
  // The host of `http://win.ini/` or `CONNECT win.ini:443` is a name, not a file: the path rules read what
  // follows it. A payload in it is still one, as in any header.
  const hostEnd = authorityLength(method, rawPath);
  if (hostEnd > 0) {
    mask |= headerMask(lower(percentDecode(rawPath.slice(0, hostEnd), false).text), false);
    rawPath = hostEnd === rawPath.length ? '/' : rawPath.slice(hostEnd);
  }

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
  const probes = pathProbeMask(segs, lowerPath.endsWith('/'));

  let target = lowerPath;
  if (rawQuery !== undefined && rawQuery.length > 0) {
    const decodedQuery = percentDecode(rawQuery, true);
    if (decodedQuery.invalid) mask |= MALFORMED;
    target = `${lowerPath}?${lower(decodedQuery.text)}`;
  }
  const last = segs.length > 0 ? segs[segs.length - 1]! : '';
  mask |= payloadMask(target, last.endsWith('.php'));

  return { mask, probes, lowerPath, probeIf404: !isStaticPath(segs) && !isAutoRequested(segs) };
}

/** Distinct request lines kept; real sites ask for the same pages, assets and probe lists over and over. */
export const TARGET_CACHE_SIZE = 4096;
/** Longer request lines are analysed every time: they are rare, and they would make the cache heavy. */
const TARGET_KEY_MAX = 1024;
const targets = new Lru<string, TargetAnalysis>(TARGET_CACHE_SIZE);

/** Entries in the cache (for tests that prove it stays bounded). */
export function targetCacheSize(): number {
  return targets.size;
}

/** The analysis of a method and target, from the cache when this exact request line was seen before. */
export function analyseTarget(method: string, path: string, query: string | undefined): TargetAnalysis {
  // The key must tell every (method, path, query) apart. Cached methods are [A-Z_-] only, so the
  // character after the method says whether a query follows, and the query's length says where it ends.
  if (path.length + (query?.length ?? 0) > TARGET_KEY_MAX || !isPlausibleMethod(method)) {
    return computeTarget(method, path, query);
  }
  const key = query === undefined ? method + ' ' + path : method + '?' + query.length + ' ' + query + path;
  let analysis = targets.peek(key);
  if (analysis === undefined) {
    analysis = Object.freeze(computeTarget(method, path, query));
    targets.set(key, analysis);
  }
  return analysis;
}
