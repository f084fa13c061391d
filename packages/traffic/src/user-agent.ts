import { isbot, isbotMatch } from 'isbot';
import UAParser from 'ua-parser-js';
import { supersededAt } from './browser-age.js';
import { CRAWLERS, type CrawlerName } from './data/crawlers.js';
import { AUTOMATION, EXACT_TOOLS, SCANNERS, TOOLS, type UaName } from './data/scanners.js';
import { MAX_INSPECT } from './decode.js';
import { escapeRegExp } from './escape-regexp.js';
import { Lru } from './lru.js';
import { headerMask } from './payload-rules.js';
import { bit } from './signal-set.js';
import type { ClientInfo } from './types.js';

/** Everything that depends on the user agent alone, computed once per distinct string. */
export interface UaAnalysis {
  client: ClientInfo;
  /** Signals the user agent triggers by itself. */
  mask: number;
  /** Key into the published crawler ranges, for crawlers that publish them. */
  rangesKey?: 'googlebot' | 'bingbot';
  /** When the claimed browser version was superseded (ms epoch), for outdated-browser. */
  supersededAt?: number;
  /** Per-request variants of `client` with a different reason (fake-crawler judgements), cached. */
  variants?: Map<string, ClientInfo>;
}

const EMPTY = bit('empty-user-agent');
const SCANNER = bit('scanner-user-agent');
const TOOL = bit('tool-user-agent');

/**
 * Names and kinds are judged on the first 1 KB (real user agents are a few hundred characters); longer
 * values are attacks or junk, and only the header-attack rules read further, up to MAX_INSPECT.
 */
const UA_HEAD = 1024;
const cache = new Lru<string, UaAnalysis>(10_000);

/** The regular expressions this module builds from its name lists, for the backtracking test. */
const BUILT: RegExp[] = [];
export const USER_AGENT_REGEXES: readonly RegExp[] = BUILT;

/**
 * The first entry of a list, in list order, whose needle the user agent holds. Most user agents (browsers) hold
 * none, which one regular expression of all the needles tells in a fraction of the time of trying each in turn
 * (0.5 against 3.6 µs for the three lists on 37,000 real-shaped user agents); only a match walks the list.
 */
function needleFinder(list: readonly UaName[]): (lower: string) => UaName | undefined {
  const any = new RegExp(list.map((e) => escapeRegExp(e.needle)).join('|'));
  BUILT.push(any);
  return (lower) => {
    if (!any.test(lower)) return undefined;
    for (const entry of list) if (lower.includes(entry.needle)) return entry;
    return undefined;
  };
}
const findScanner = needleFinder(SCANNERS);
const findAutomation = needleFinder(AUTOMATION);
const findTool = needleFinder(TOOLS);

/** The crawler table's first entry the user agent matches (only user agents isbot calls bots get here). */
function findCrawler(lower: string): CrawlerName | undefined {
  for (const c of CRAWLERS)
    if (c.pattern !== undefined ? c.pattern.test(lower) : lower.includes(c.needle)) return c;
  return undefined;
}

/** Devices whose browser version says nothing about its age. */
const FROZEN_DEVICES: ReadonlySet<string | undefined> = new Set(['console', 'smarttv', 'embedded']);

/**
 * The Chromium major version a browser's engine claims (`Chrome/131.0.0.0`). Chromium browsers may number their own
 * releases differently (Opera for Android 91 ships with Chromium 140), so their age is the engine's: the brand
 * version on its own looks years old.
 */
function chromiumMajor(lower: string): number | undefined {
  const at = lower.indexOf('chrome/');
  if (at === -1) return undefined;
  const major = Number.parseInt(lower.slice(at + 7, at + 12), 10);
  return Number.isFinite(major) ? major : undefined;
}

const BOT_WORDS = [
  'bot',
  'spider',
  'crawl',
  'slurp',
  'fetch',
  'archiver',
  'scan',
  'preview',
  'validator',
  'checker',
];
/** Product tokens every browser-like user agent carries; they never name a bot. */
const GENERIC = new Set([
  'mozilla',
  'compatible',
  'applewebkit',
  'khtml',
  'like',
  'gecko',
  'chrome',
  'safari',
  'firefox',
  'version',
  'mobile',
  'trident',
  'msie',
  'user-agent',
]);

/**
 * A product name starts with a letter and holds no markup, quotes or shell syntax: `<script>alert` or `-c` from a
 * user agent full of payload is no name to show.
 */
const NAME_LIKE = /^[\p{L}][^<>"'`{}[\]()$|\\=;]*$/u;

/** A bot word on its own ("Bot", "bot.") says what the client is, not which one. */
const BARE_BOT_WORD = /^(?:bot|spider|crawl(?:er)?|fetch(?:er)?|scan(?:ner)?|preview)$/i;

/**
 * `text` without the run of `chars` at its end. A loop, not `/[…]+$/`: that pattern is tried from every
 * character of a long run of them and fails each time at the end, so it is quadratic in the run's length.
 */
function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text.charAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * Name an unlisted bot: the token that says bot/spider/crawler/fetch, else the first product token outside
 * parentheses that is not a browser's boilerplate (Mozilla, AppleWebKit, ...), else the first `name/version` inside
 * them (`(compatible; Google-Site-Verification/1.0)`) or name after `compatible;` (`Google-Read-Aloud`), else what isbot matched if it reads as a name.
 */
export function productToken(ua: string): string | undefined {
  const text = ua.slice(0, 512);
  let first: string | undefined;
  let versioned: string | undefined;
  // `(compatible; Name; …)` is how bots without a version say their name.
  let previous = '';
  let depth = 0;
  for (const raw of text.split(/([()])|[\s;,]+/)) {
    if (raw === undefined || raw === '') continue;
    if (raw === '(') {
      depth++;
      continue;
    }
    if (raw === ')') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const token = raw.replace(/^\+/, '');
    if (token === '' || /^https?:/i.test(token) || token.includes('@') || token.includes('.com')) continue;
    const name = trimEnd(token.split('/')[0]!, ':.');
    if (name.length < 2 || !NAME_LIKE.test(name)) continue;
    const lower = name.toLowerCase();
    const afterCompatible = previous === 'compatible';
    previous = lower;
    // A bare bot word names no bot, wherever it stands (`(compatible; Bot; …)` too).
    if (GENERIC.has(lower) || BARE_BOT_WORD.test(name)) continue;
    if (BOT_WORDS.some((w) => lower.includes(w))) return name.slice(0, 64);
    if (depth === 0) first ??= name.slice(0, 64);
    else if (versioned === undefined && (token.includes('/') || afterCompatible))
      versioned = name.slice(0, 64);
  }
  if (first !== undefined) return first;
  if (versioned !== undefined) return versioned;
  // isbot's match is a fragment of the header (`User/1.0;`, a whole `Mozilla/5.0 (...)`): only a plain word will do.
  const match = isbotMatch(text)?.trim().split('/')[0];
  const matched = match === undefined ? undefined : trimEnd(match, ';:,.');
  return matched !== undefined &&
    matched.length >= 3 &&
    NAME_LIKE.test(matched) &&
    !/\s/.test(matched) &&
    !GENERIC.has(matched.toLowerCase()) &&
    !BARE_BOT_WORD.test(matched) &&
    !/^https?$/i.test(matched)
    ? matched.slice(0, 64)
    : undefined;
}

function formatOs(name: string | undefined, version: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const major = version?.split('.')[0];
  switch (name) {
    case 'Windows':
      return version ? `Windows ${version}` : 'Windows';
    case 'Mac OS': {
      // Browsers froze the macOS version at 10.15.7 in 2020; older UAs still tell the real one.
      if (!version || version.startsWith('10.15')) return 'macOS';
      const [a, b] = version.split('.');
      return b === undefined ? `macOS ${a}` : `macOS ${a}.${b}`;
    }
    case 'Chromium OS':
    case 'Chrome OS':
      return 'ChromeOS';
    default:
      // iOS 17, Android 14, PlayStation 5: the major version; a Linux distribution is named without its release.
      return major && !/linux|ubuntu|debian|fedora|mint|arch|gentoo|suse|centos|red hat/i.test(name)
        ? `${name} ${major}`
        : name;
  }
}

/**
 * Words that tell a device apart on a Windows or macOS user agent: an Xbox, a touch or ARM tablet, a phone, a
 * TV. Without any, the device is a desktop and ua-parser's device rules (half of its work, a few thousand patterns'
 * worth) need not run: most of a site's user agents are desktop Windows and macOS browsers.
 */
const DESKTOP_OS: ReadonlySet<string | undefined> = new Set(['Windows', 'Mac OS']);
const NOT_ONLY_DESKTOP =
  /xbox|touch|tablet|arm|mobile|phone|tv|kindle|silk|playstation|nintendo|oculus|quest|vr|wear|homepod|iot|tesla|focus/i;

function deviceOf(
  parser: UAParser,
  os: string | undefined,
  ua: string,
): UAParser.IDevice | { type?: undefined } {
  if (DESKTOP_OS.has(os) && !NOT_ONLY_DESKTOP.test(ua)) return {};
  return parser.getDevice();
}

/**
 * Browsers made for phones alone. Opera Mini's and Opera Mobile's user agents often name no model and no Mobile word
 * (`Opera/9.80 (SpreadTrum; Opera Mini/4.4…)`, `(Android; Opera Mini/36.2…)`), so ua-parser finds no device.
 */
const PHONE_BROWSERS: ReadonlySet<string> = new Set(['Opera Mini', 'Opera Mobi']);

/**
 * The device of a browser ua-parser names no device for: a phone for a phone browser or on Android (phones and
 * tablets only; `Android 13` without a model), else a desktop.
 */
function unnamedDevice(browser: string | undefined, os: string | undefined): string | undefined {
  if (browser === undefined) return undefined;
  return PHONE_BROWSERS.has(browser) || os === 'Android' ? 'mobile' : 'desktop';
}

function parseBrowser(
  ua: string,
): Pick<ClientInfo, 'browser' | 'os' | 'device'> & { name?: string; major?: number } {
  const parser = new UAParser(ua);
  const browser = parser.getBrowser();
  const parsedOs = parser.getOS();
  // ua-parser takes `(J2ME/MIDP; Opera Mini/…` for iOS (its pattern for `(iPhone; Opera Mini/…` matches "MIDP; Opera"):
  // a MIDP phone runs Java ME, which its user agent does not name further.
  const osName = parsedOs.name === 'iOS' && /\bMIDP\b/i.test(ua) ? undefined : parsedOs.name;
  // NaN when the browser tells no version (`… Mobile/15E148 Safari/604.1` without `Version/`).
  const major = Number.parseInt(browser.major ?? '', 10);
  const out: Pick<ClientInfo, 'browser' | 'os' | 'device'> & { name?: string; major?: number } = {};
  if (browser.name !== undefined) {
    out.name = browser.name;
    out.browser = Number.isNaN(major) ? browser.name : `${browser.name} ${major}`;
    if (!Number.isNaN(major)) out.major = major;
  }
  // Safari 26 froze the iOS version its user agent reports at 18.x, as macOS's is frozen at 10.15.7; Safari's own
  // version is the system's on iOS, so it tells iOS 26 and later apart.
  const os =
    osName === 'iOS' && browser.name === 'Mobile Safari' && major >= 26
      ? `iOS ${major}`
      : formatOs(osName, parsedOs.version);
  if (os !== undefined) out.os = os;
  const device = deviceOf(parser, osName, ua).type ?? unnamedDevice(browser.name, osName);
  if (device !== undefined) out.device = device;
  return out;
}

function freeze(c: ClientInfo): ClientInfo {
  return Object.freeze(c);
}

const PAYLOAD_CLIENT = freeze({ kind: 'scanner', reason: 'attack payload in the user agent' });

function analyse(text: string): UaAnalysis {
  const lower = text.toLowerCase();
  const mask = headerMask(lower, true);

  const scanner = findScanner(lower);
  if (scanner !== undefined) {
    return {
      client: freeze({ kind: 'scanner', name: scanner.name, reason: 'scanner user agent' }),
      mask: mask | SCANNER,
    };
  }
  // A user agent that carries an exploit (script, SQL, Shellshock, Log4Shell) is an attacker's, whatever it claims.
  if (mask !== 0) return { client: PAYLOAD_CLIENT, mask };
  const automation = findAutomation(lower);
  if (automation !== undefined) {
    const headless = automation.name === 'HeadlessChrome' || automation.name === 'PhantomJS';
    const b = parseBrowser(text);
    return {
      client: freeze({
        kind: 'unknown',
        name: automation.name,
        ...(b.browser !== undefined ? { browser: b.browser } : {}),
        ...(b.os !== undefined ? { os: b.os } : {}),
        ...(b.device !== undefined ? { device: b.device } : {}),
        reason: headless ? 'automation: headless browser' : 'automation: browser driven by a program',
      }),
      mask,
    };
  }
  const toolName = EXACT_TOOLS.get(lower.trim()) ?? findTool(lower)?.name;
  const bot = isbot(text);
  const known = bot ? findCrawler(lower) : undefined;
  // A named crawler built on a library says so (`LinkedInBot/1.0 (...; Apache-HttpClient ...)`): it is the crawler.
  if (toolName !== undefined && known === undefined) {
    return {
      client: freeze({
        kind: 'unknown',
        name: toolName,
        reason: 'tool: HTTP library or command-line client',
      }),
      mask: mask | TOOL,
    };
  }
  if (bot) {
    const name = known?.name ?? productToken(text);
    const analysis: UaAnalysis = {
      client: freeze({
        kind: 'crawler',
        ...(name !== undefined ? { name } : {}),
        // A crawler with published ranges gets the judgement of its address instead, per request (classify.ts).
        reason:
          known?.feed === true
            ? 'feed reader (isbot); ranges unknown for this crawler'
            : 'bot (isbot); ranges unknown for this crawler',
      }),
      mask,
    };
    if (known?.ranges !== undefined) analysis.rangesKey = known.ranges;
    return analysis;
  }
  const b = parseBrowser(text);
  if (b.browser !== undefined) {
    const analysis: UaAnalysis = {
      client: freeze({
        kind: 'human',
        browser: b.browser,
        ...(b.os !== undefined ? { os: b.os } : {}),
        ...(b.device !== undefined ? { device: b.device } : {}),
        reason: 'browser user agent',
      }),
      mask,
    };
    // Only browsers the release tables know are judged; a Chromium one by its engine (see chromiumMajor). In-app
    // browsers (WeChat's XWEB, UC) ship older engines for years and are not judged at all.
    // Consoles and TVs report a browser version frozen with their firmware (a PlayStation 5 says Safari 13).
    const own =
      b.major !== undefined && !FROZEN_DEVICES.has(b.device) ? supersededAt(b.name, b.major) : undefined;
    const engine = own !== undefined ? chromiumMajor(lower) : undefined;
    const at = engine !== undefined ? supersededAt('Chrome', engine) : own;
    if (at !== undefined) analysis.supersededAt = at;
    return analysis;
  }
  const name = productToken(text);
  return {
    client: freeze({
      kind: 'unknown',
      ...(name !== undefined ? { name } : {}),
      ...(b.os !== undefined ? { os: b.os } : {}),
      reason: 'unrecognised user agent',
    }),
    mask,
  };
}

const EMPTY_ANALYSIS: UaAnalysis = {
  client: freeze({ kind: 'unknown', reason: 'empty user agent' }),
  mask: EMPTY,
};

/** Analyse a user agent, from cache when seen before. `-` (how access logs write "none") counts as empty. */
export function analyseUserAgent(ua: string | undefined): UaAnalysis {
  return analyseWith(ua, true);
}

/** analyseUserAgent() without the cache (tests compare the two). */
export function analyseUserAgentUncached(ua: string | undefined): UaAnalysis {
  return analyseWith(ua, false);
}

function analyseWith(ua: string | undefined, cached: boolean): UaAnalysis {
  if (typeof ua !== 'string' || ua === '' || ua === '-' || ua.trim() === '') return EMPTY_ANALYSIS;
  const head = ua.length > UA_HEAD ? ua.slice(0, UA_HEAD) : ua;
  let a = cached ? cache.peek(head) : undefined;
  if (a === undefined) {
    a = analyse(head);
    if (cached) cache.set(head, a);
  }
  if (head !== ua) {
    // The whole inspected length again, not the rest alone: a payload may straddle the end of the first kilobyte.
    const extra = headerMask(ua.slice(0, MAX_INSPECT).toLowerCase(), true);
    if ((a.mask | extra) !== a.mask) {
      // A payload past the first kilobyte makes the sender an attacker as much as one inside it: padding a browser's
      // user agent must not turn a scanner into a person (or into a crawler whose address is then checked).
      const client = a.client.kind === 'scanner' ? a.client : PAYLOAD_CLIENT;
      return { client, mask: a.mask | extra };
    }
  }
  return a;
}
