import { CVE_FRAGMENTS } from './data/paths.js';
import { escapeRegExp } from './escape-regexp.js';
import { bit } from './signal-set.js';

/**
 * Injection rules over the decoded, lower-cased request target (path and query). A first pass records
 * which special characters occur; a rule runs only when its characters are present, so an ordinary
 * `/blog/post.html` costs one scan. Every regular expression here is linear: its quantifiers are bounded
 * or followed by a character their class cannot match (test/regular-expressions-cannot-backtrack-catastrophically.test.ts checks each with recheck).
 */

const TRAVERSAL = bit('path-traversal');
const SQLI = bit('sql-injection');
const XSS = bit('xss');
const CMDI = bit('command-injection');
const SHELLSHOCK = bit('shellshock');
const LOG4SHELL = bit('log4shell');
const RFI = bit('php-remote-include');
const CVE = bit('cve-probe');

const F_QUOTE = 1; // ' " `
const F_LT = 2; // <
const F_PAREN = 4; // (
const F_SHELL = 8; // ; | ` $ newline &
const F_BRACE = 16; // {
const F_DOT = 32; // .
const F_COLON = 64; // :
const F_EQ = 128; // =
const F_AT = 256; // @
const F_SPACE = 512; // space, tab, +-decoded space
const F_STAR = 1024; // * (SQL comments)
const F_WS = 2048; // tab, newline and other whitespace that needs collapsing

const CHAR_FLAGS = new Uint16Array(128);
for (const [chars, flag] of [
  ['\'"`', F_QUOTE],
  ['<', F_LT],
  ['(', F_PAREN],
  [';|`$\n\r&', F_SHELL],
  ['{', F_BRACE],
  ['.', F_DOT],
  [':', F_COLON],
  ['=', F_EQ],
  ['@', F_AT],
  [' ', F_SPACE],
  ['*', F_STAR],
  ['\t\n\r\f\v', F_WS],
] as const) {
  for (const c of chars) CHAR_FLAGS[c.charCodeAt(0)]! |= flag;
}

function charFlags(t: string): number {
  let f = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 128) f |= CHAR_FLAGS[c]!;
    else if (c === 0xa0) f |= F_WS;
  }
  return f;
}

function includesAny(t: string, needles: readonly string[]): boolean {
  for (const n of needles) if (t.includes(n)) return true;
  return false;
}

const OS_FILES = [
  '/etc/passwd',
  '/etc/shadow',
  '/etc/hosts',
  '/etc/group',
  '/etc/issue',
  '/proc/self/',
  '/proc/version',
  'win.ini',
  'boot.ini',
  'system32/',
  'global.asa',
  '=file:/',
];

function traversal(t: string, f: number): boolean {
  if (!(f & F_DOT)) return false;
  // `..` followed by a separator (or `;` as in Tomcat's `..;/`), a query or the end, after a separator, `=` or a dot
  // (`....//`), or opening the text.
  for (let j = t.indexOf('..'); j !== -1; j = t.indexOf('..', j + 2)) {
    const next = t.charCodeAt(j + 2);
    if (next === 47 || next === 92 || next === 59 || Number.isNaN(next) || next === 63) {
      const prev = j === 0 ? 47 : t.charCodeAt(j - 1);
      if (prev === 47 || prev === 92 || prev === 61 || prev === 46) return true;
    }
  }
  return false;
}

const SQL_NEEDLES = [
  '@@version',
  'information_schema',
  'xp_cmdshell',
  'waitfor delay',
  'load_file(',
  'into outfile',
  'into dumpfile',
  'extractvalue(',
  'updatexml(',
  'concat(0x',
  'group_concat(',
  'dbms_pipe.',
  'utl_inaddr',
  'sysobjects',
  'mysql.user',
  ';drop table',
  '; drop table',
  "'--",
  "' --",
  "')--",
  "') --",
];

/**
 * A quote closed by a MySQL `#` comment (`admin'#`, `' #`): what follows the `#` is the end, a space or another
 * parameter. A `#` followed by a letter or digit is a hashtag or a colour (`'#fff'`, `the 'best' #deals`): a search.
 */
function quoteThenHashComment(s: string): boolean {
  let i = s.indexOf('#');
  while (i !== -1) {
    const quote = s.charCodeAt(i - 1) === 32 ? i - 2 : i - 1;
    if (quote >= 0 && s.charCodeAt(quote) === 39 && !isWordCode(s.charCodeAt(i + 1))) return true;
    i = s.indexOf('#', i + 1);
  }
  return false;
}

/** Letters (any script; the text is lower-cased), digits and `_`; NaN (past the end) is none. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c > 127;
}
// Tautologies and comparisons as sqlmap and hand payloads write them: `' or '1'='1`, `1 and 5280=5280`.
const SQL_TAUTOLOGY =
  /['")\d] ?(?:and|or|xor|having|&&|\|\|) ?\(?(?:'[^']{0,30}'?|"[^"]{0,30}"?|\d{1,15}) ?(?:=|<>|!=|<|>| like ) ?\(?(?:'|"|\d)/;
const SQL_ORDER = /['")] ?order by \d/;
// A subquery and a timed delay as injections write them, `(select 1234 from …`, `sleep(5)`: a search for "the
// (select few)" or "sleep(better)" is none.
const SQL_SUBSELECT = /\(select ?(?:\d|\(|\*|null|count|concat|char\(|@@|[a-z_.]+ from )/;
const SQL_DELAY = /(?:sleep|benchmark)\( ?(?:\d|0x)/;
// MySQL runs `SLEEP (5)` and `sleep/**/(5)` as it runs `SLEEP(5)`, and so injections that dodge a filter for `sleep(`
// write them. Spaced, the call is also prose and file names ("sleep (8 hours)", Windows's copy `Sleep (2).mp3`): it
// counts after an operator or keyword (`and`, `=`, `(`, `,` ...) with a number inside, and no word or extension after.
const SQL_DELAY_SPACED =
  /(?:[=(,'"`;|&]|(?:^|[^a-z0-9_])(?:and|or|xor|not|like|rlike|select|then|else)) ?(?:(?:pg_)?sleep \( ?(?:\d{1,10}(?:\.\d{1,6})?|0x[0-9a-f]{1,8}) ?\)(?:$|[^a-z0-9_.])|benchmark \( ?\d{1,12} ?,)/;
// `union select` as a whole word: a search for "european union selection" is not an injection.
const SQL_UNION = /union (?:all |distinct )?select(?![a-z0-9_])/;

/** Collapse SQL comments and whitespace runs into single spaces so needles match obfuscated forms. */
const SQL_SPACE = /[\s\u00a0]+/g;
function collapseSql(t: string): string {
  return t.replaceAll('/**/', ' ').replace(SQL_SPACE, ' ');
}

// SQL comments as injections use them to get past filters: `/*x*/` stands for a space, and so does a `#` or `--`
// comment that a line end closes (`union#x⏎select`); MySQL runs the text of a versioned comment (`/*!50000union*/`),
// so only its markers go.
const SQL_BLOCK_COMMENT = /\/\*![0-9]{0,6}|\*\/|\/\*[^*]*\*\//g;
const SQL_LINE_COMMENT = /(?:#|--)[^\n\r]{0,64}[\n\r]/g;
function stripSqlComments(t: string): string {
  const s = t.replace(SQL_BLOCK_COMMENT, ' ');
  return s.includes('\n') || s.includes('\r') ? s.replace(SQL_LINE_COMMENT, ' ') : s;
}

function sqlInjection(t: string, f: number): boolean {
  // Every injection needs a quote, a parenthesis, a space (or a comment standing in for one), `@@` or `;`.
  if (!(f & (F_QUOTE | F_PAREN | F_SPACE | F_AT | F_STAR | F_WS | F_SHELL))) return false;
  const s = f & (F_STAR | F_WS) || t.includes('  ') ? collapseSql(t) : t;
  if (sqlShapes(s, f)) return true;
  if (!(f & (F_STAR | F_WS))) return false;
  // Judged a second time without comments, so that the needles above still see `admin'--` as written.
  const bare = stripSqlComments(t);
  return bare !== t && sqlShapes(collapseSql(bare), f);
}

/** The injection shapes, over text whose whitespace runs are single spaces. */
function sqlShapes(s: string, f: number): boolean {
  if (includesAny(s, SQL_NEEDLES)) return true;
  if (f & F_QUOTE && quoteThenHashComment(s)) return true;
  if (s.includes('(select') && SQL_SUBSELECT.test(s)) return true;
  if ((s.includes('sleep') || s.includes('benchmark')) && (SQL_DELAY.test(s) || SQL_DELAY_SPACED.test(s)))
    return true;
  if (s.includes('union ') && SQL_UNION.test(s)) return true;
  return SQL_TAUTOLOGY.test(s) || (f & F_QUOTE ? SQL_ORDER.test(s) : false);
}

const XSS_TAG =
  /<\/?(?:script|svg|img|image|iframe|frame|frameset|body|object|embed|style|input|meta|a|div|details|math|video|audio|marquee|base|link|form|table|isindex|textarea|button|select|xss|br|p|h1)[\s/>]/;
/** A script URL: the scheme then code, so the book title "javascript: the good parts" is a search. */
const XSS_SCHEME = /(?:java|vb)script:\S/;
const XSS_HANDLERS = [
  'onerror=',
  'onload=',
  'onmouseover=',
  'onfocus=',
  'onclick=',
  'ontoggle=',
  'onanimationstart=',
  'onpointerover=',
];
/**
 * An event handler after a quote, space or slash, breaking out of an attribute (`" onmouseover=…`): a query
 * parameter that happens to be called `onload` (`?onload=fast`) is none.
 */
const XSS_HANDLER = new RegExp(`["'\\s/](?:${XSS_HANDLERS.join('|')})`);
/**
 * A dialog called with what payloads pass it (`alert(1)`, `prompt('x')`, `confirm(document.domain)`), not `alert(everyone)`.
 * `top`, `self` and `this` end at a non-word character or the end, spelled out rather than `\b`, and an object name
 * is at most 64 letters, so that recheck's exact (automaton) checker proves the pattern linear in milliseconds
 * instead of giving up on the look-around (or taking seconds over the unbounded name).
 */
const XSS_DIALOG =
  /(?:alert|prompt|confirm)[(`] ?(?:[\d'"`/)]|document|window|(?:top|self|this)(?:[^a-z0-9_]|$)|xss|origin|[a-z_$]{1,64}\.)/;
const XSS_DIALOG_WORD = /alert|prompt|confirm/;
const XSS_CALLS = ['document.cookie', 'fromcharcode', 'expression('];

function xss(t: string, f: number): boolean {
  if (f & F_LT && XSS_TAG.test(t)) return true;
  if (f & F_COLON && t.includes('script:') && XSS_SCHEME.test(t)) return true;
  if (f & F_EQ && t.includes('on') && includesAny(t, XSS_HANDLERS) && XSS_HANDLER.test(t)) return true;
  if ((f & F_PAREN || t.includes('`')) && XSS_DIALOG_WORD.test(t) && XSS_DIALOG.test(t)) return true;
  return (f & F_PAREN) !== 0 && includesAny(t, XSS_CALLS);
}

/**
 * A command after a shell separator, followed by what a command line has next: its end, another separator, or an
 * argument shaped like one (an option, a path, a number, a quoted or substituted word, a URL or host name). A
 * search such as "kids; ping pong" or "mother's day; cat gifts" has a plain word there and is not flagged.
 */
const SHELL_COMMAND =
  /(?:[;|`\n\r]|&&|\$\() ?(?:id|whoami|uname|cat|ls|wget|curl|nc|ncat|netcat|bash|sh|zsh|python[23]?|perl|php|ping|sleep|echo|chmod|rm|tftp|busybox|powershell|cmd|nslookup|ifconfig|pwd|env|nohup)(?:$|[;|&`)$<>\0\n\r]|[ \t](?:[-/.\d$'"`(~*>|<]|[a-z]{2,10}:\/\/|[a-z0-9-]{1,63}\.[a-z0-9-]{1,63}))/;
const SHELL_NEEDLES = ['/bin/sh', '/bin/bash', 'cmd.exe', 'powershell', '/dev/tcp/', 'busybox'];

function commandInjection(t: string, f: number): boolean {
  return (f & F_SHELL) !== 0 && SHELL_COMMAND.test(t);
}

/**
 * Needles made of ordinary URL characters (OS files, shell paths, exploit fragments) cannot be gated by the
 * special-character scan, so they share one alternation scanned once; a hit is then attributed to its rule.
 */
const PLAIN_RULE = new Map<string, number>([
  ...OS_FILES.map((n) => [n, TRAVERSAL] as const),
  ...SHELL_NEEDLES.map((n) => [n, CMDI] as const),
  ...CVE_FRAGMENTS.map((n) => [n, CVE] as const),
]);
const PLAIN_SOURCE = [...PLAIN_RULE.keys()].map(escapeRegExp).join('|');
const PLAIN = new RegExp(PLAIN_SOURCE);
const PLAIN_ALL = new RegExp(PLAIN_SOURCE, 'g');

const WORD_CHAR = /^[a-z0-9_-]$/;

function plainMask(t: string): number {
  // One cheap test; the iterator (which costs more) only runs on the rare hit.
  if (!PLAIN.test(t)) return 0;
  let mask = 0;
  for (const m of t.matchAll(PLAIN_ALL)) {
    const rule = PLAIN_RULE.get(m[0]) ?? 0;
    // An OS file or shell is a whole name: `/etc/passwd` or `/etc/passwd%00.png`, `/bin/sh` or `powershell.exe`, not
    // a page `/blog/etc/passwd-explained`, `/docs/bin/sharing` or `/blog/powershell-tips`.
    if (rule !== CVE && WORD_CHAR.test(t.charAt(m.index + m[0].length)) && WORD_CHAR.test(m[0].slice(-1)))
      continue;
    mask |= rule;
  }
  return mask;
}

/**
 * `//`, `/./` and `\` as the file system reads them: `/etc//passwd`, `/etc/./passwd` and `\etc\passwd` open
 * `/etc/passwd`, and `/bin//sh` runs `/bin/sh`.
 */
const PATH_FOLD = /\/(?:\.?\/)+/g;
function foldedPlainMask(t: string): number {
  const mask = plainMask(t);
  if (!(t.includes('//') || t.includes('/./') || t.includes('\\'))) return mask;
  return mask | plainMask(t.replaceAll('\\', '/').replace(PATH_FOLD, '/'));
}

/** Shellshock's function-definition prefix `() {`, in any header value or the target. */
export function hasShellshock(t: string): boolean {
  let i = t.indexOf('()');
  while (i !== -1) {
    let j = i + 2;
    while (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9) j++;
    if (t.charCodeAt(j) === 123 /* { */) return true;
    i = t.indexOf('()', i + 2);
  }
  return false;
}

const LOG4J_NEEDLES = [
  '${jndi',
  '${lower:',
  '${upper:',
  '${::-',
  '${env:',
  '${sys:',
  '${date:',
  '${${',
  'jndi:ldap',
  'jndi:rmi',
  'jndi:dns',
];

/** Log4Shell lookups, including the nested forms used to dodge filters (`${${lower:j}ndi:`). */
export function hasLog4Shell(lower: string): boolean {
  return (lower.includes('${') || lower.includes('jndi:')) && includesAny(lower, LOG4J_NEEDLES);
}

const CODE_WRAPPERS = ['=php://', '=expect://', '=phar://', '=zip://', '=glob://'];
/**
 * PHP's `data:` stream as an include passes it (RFC 2397): `data://text/plain;base64,…`, `data:text/plain,<?php …`,
 * `data:,…`, `data:;base64,…`. A search that starts with the word ("data: a primer", "data:json") has none of these.
 */
const DATA_STREAM = /=data:(?:\/\/|[,;]|[a-z]+\/[a-z0-9.+-]+[,;])/;
const REMOTE = /=(?:https?|ftps?):\/\/[^&#]{0,2048}/g;

function remoteInclude(t: string, f: number, pathIsPhp: boolean): boolean {
  if ((f & (F_EQ | F_COLON)) !== (F_EQ | F_COLON)) return false;
  if (includesAny(t, CODE_WRAPPERS)) return true;
  if (t.includes('=data:') && DATA_STREAM.test(t)) return true;
  if (!t.includes('://')) return false;
  // Redirect parameters carry URLs legitimately; the include shape is a PHP page, or a URL ending in `?`
  // or `.txt` (the trailing `?` turns the suffix the script appends into a query string).
  for (const m of t.matchAll(REMOTE)) {
    const v = m[0];
    if (v.endsWith('?') || v.endsWith('.txt')) return true;
    if (pathIsPhp && !URL_PARAMETERS.has(parameterBefore(t, m.index))) return true;
  }
  return false;
}

/**
 * Parameters that carry a URL by design: where to go after logging in (WordPress's `wp-login.php?redirect_to=`,
 * sent on every signed-out admin visit), what to share, where a link points. A URL there is no include attempt.
 */
const URL_PARAMETERS = new Set([
  'redirect',
  'redirect_to',
  'redirect_uri',
  'redirect_url',
  'redirecturl',
  'return',
  'return_to',
  'returnto',
  'return_url',
  'returnurl',
  'next',
  'url',
  'u',
  'uri',
  'goto',
  'continue',
  'callback',
  'dest',
  'destination',
  'target',
  'link',
  'href',
  'ref',
  'referer',
  'referrer',
  'back',
  'service',
  'share',
  'openid.return_to',
  'success_url',
  'cancel_url',
  'site',
  'website',
]);

/** The name of the query parameter whose `=` is at `eq`. */
function parameterBefore(t: string, eq: number): string {
  let start = eq;
  // Names are short; a bounded look back keeps a 100 KB run of `=http://` linear.
  while (start > 0 && eq - start <= 32) {
    const c = t.charCodeAt(start - 1);
    if (c === 63 || c === 38 || c === 59) break; // ? & ;
    start--;
  }
  return eq - start > 32 ? '' : t.slice(start, eq);
}

/** All injection rules over one decoded, lower-cased request target. */
export function payloadMask(t: string, pathIsPhp: boolean): number {
  const f = charFlags(t);
  let mask = 0;
  if (traversal(t, f)) mask |= TRAVERSAL;
  if (sqlInjection(t, f)) mask |= SQLI;
  if (xss(t, f)) mask |= XSS;
  if (commandInjection(t, f)) mask |= CMDI;
  if (f & F_PAREN && f & F_BRACE && hasShellshock(t)) mask |= SHELLSHOCK;
  if (hasLog4Shell(t)) mask |= LOG4SHELL;
  if (remoteInclude(t, f, pathIsPhp)) mask |= RFI;
  return mask | foldedPlainMask(t);
}

/**
 * Rules that a header value can trigger on its own: Shellshock, Log4Shell and script in both the user agent and
 * the referer (scanners plant markup there for log viewers that show it), SQL in the user agent only (a referer
 * may carry someone's search text). No browser sends markup or SQL in these headers.
 */
export function headerMask(lower: string, userAgent: boolean): number {
  let mask = 0;
  if (hasShellshock(lower)) mask |= SHELLSHOCK;
  if (hasLog4Shell(lower)) mask |= LOG4SHELL;
  const f = charFlags(lower);
  if (xss(lower, f)) mask |= XSS;
  if (userAgent && sqlInjection(lower, f)) mask |= SQLI;
  return mask;
}

/** The regular expressions of this module, for the backtracking test. */
export const PAYLOAD_REGEXES: readonly RegExp[] = [
  SQL_TAUTOLOGY,
  SQL_ORDER,
  SQL_SUBSELECT,
  SQL_DELAY,
  SQL_DELAY_SPACED,
  SQL_UNION,
  SQL_SPACE,
  SQL_BLOCK_COMMENT,
  SQL_LINE_COMMENT,
  XSS_TAG,
  XSS_SCHEME,
  XSS_HANDLER,
  XSS_DIALOG_WORD,
  XSS_DIALOG,
  SHELL_COMMAND,
  REMOTE,
  DATA_STREAM,
  PLAIN,
  PLAIN_ALL,
  WORD_CHAR,
  PATH_FOLD,
];
