/** One access-log line split into fields; absent fields are undefined. */
export interface AccessLine {
  vhost?: string;
  ip: string;
  user?: string;
  time: number;
  method: string;
  path: string;
  query?: string;
  protocol?: string;
  status: number;
  bytes?: number;
  referer?: string;
  ua?: string;
  xff?: string;
}

/**
 * Statuses Nginx logs for a request it answered with no status line: `000` when the client closed the connection
 * before any response was sent, `009` for an HTTP/0.9 request (which has no status line). Real requests, in class 0xx.
 */
const NO_RESPONSE_STATUS = new Set(['000', '009']);

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/**
 * Parses Apache/Nginx common or combined format, with an optional leading vhost and trailing fields
 * (X-Forwarded-For). A hand-written scanner: no regex, so no backtracking on hostile lines.
 * Returns undefined for anything that is not a complete line.
 */
export function parseAccessLine(line: string): AccessLine | undefined {
  // a line led by zero-fill is not one line as a whole: splitAccessLine reads the request after it
  return zeroFillLength(line) > 0 ? undefined : splitAccessLine(line)?.fields;
}

/**
 * How many NUL characters start a line. A file system that lost a crash's last writes can leave the file's new
 * length filled with zero bytes, and the server's first line after the restart follows them on the same line: the
 * run is the remains of lost lines, a bad line of its own, and no part of the client address after it.
 */
export function zeroFillLength(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 0) n++;
  return n;
}

/**
 * The line's fields, and the text after the last one they hold: Nginx's `$request_time` or Apache's `%D` after
 * the user agent (or X-Forwarded-For) of a combined line or after the size of a common one, with any quotes in it
 * (`rt=0.050 uct="0.000"`); '' when none.
 * `logbook anonymise` keeps it so a copy keeps the server's layout. A run of NUL characters before the line (see
 * zeroFillLength) is passed over: the request after it is read, and the caller counts the run as a bad line.
 */
export function splitAccessLine(text: string): { fields: AccessLine; trailing: string } | undefined {
  const zeros = zeroFillLength(text);
  const line = zeros > 0 ? text.slice(zeros) : text;
  const br = timeBracket(line);
  if (br < 0) return undefined;
  const head = splitHead(line.slice(0, br));
  if (!head) return undefined;
  const close = line.indexOf('] "', br);
  if (close < 0) return undefined;
  const time = parseClfTime(line.slice(br + 2, close));
  if (time === undefined) return undefined;
  const quoted: string[] = [];
  const ends: number[] = [];
  let pos = close + 2;
  const gaps: string[] = [];
  // Alternate between quoted strings and the unquoted gaps between them; pos is always at an opening quote (the one
  // after `] `, then the next one found).
  for (;;) {
    const end = findQuote(line, pos + 1);
    if (end < 0) return undefined; // truncated: an opening quote never closed
    quoted.push(line.slice(pos + 1, end).replaceAll('\\"', '"'));
    ends.push(end);
    pos = end + 1;
    const next = line.indexOf('"', pos);
    gaps.push(next < 0 ? line.slice(pos) : line.slice(pos, next));
    if (next < 0) break;
    pos = next;
  }
  if (quoted.length !== 1 && quoted.length < 3) return undefined;
  const sb = gaps[0]!.trim().split(' ');
  const status = Number(sb[0]);
  if (!NO_RESPONSE_STATUS.has(sb[0]!) && (!Number.isInteger(status) || status < 100 || status > 599))
    return undefined;
  // `-` (Apache's %b for none) and a missing size are NaN: no size.
  const bytes = Number(sb[1]);
  // A common line needs its size; fields after it (Apache's %D or %T, Nginx's $request_time) are ignored.
  if (quoted.length === 1 && sb.length < 2) return undefined;
  const { method, target, protocol } = splitRequestLine(quoted[0]!);
  const q = target.indexOf('?');
  // A request line without a method (`" / HTTP/1.1"`) or a target (`""`, `"GET  HTTP/1.1"`) has `-` for it, as
  // servers write a value they do not have: an empty one reads as the next column's in tail, and --filter cannot ask
  // for it.
  const out: AccessLine = {
    ip: head.ip,
    time,
    method: method || '-',
    path: q < 0 ? target || '-' : target.slice(0, q),
    status,
  };
  if (head.vhost !== undefined) out.vhost = head.vhost;
  if (head.user !== '-') out.user = head.user;
  if (q >= 0) out.query = target.slice(q + 1);
  if (protocol !== undefined) out.protocol = protocol;
  if (Number.isFinite(bytes)) out.bytes = bytes;
  // A quoted field right after the user agent is X-Forwarded-For; one after other text is that text's value
  // (`rt=0.050 uct="0.000"`), part of the trailing fields.
  const xff = quoted[3] !== undefined && /^[ \t]*$/.test(gaps[2]!);
  if (quoted.length >= 3) {
    if (quoted[1] !== '-' && quoted[1] !== '') out.referer = quoted[1]!;
    if (quoted[2] !== '-' && quoted[2] !== '') out.ua = quoted[2]!;
    if (xff && quoted[3] !== '-') out.xff = quoted[3];
  }
  const trailing = quoted.length === 1 ? sb.slice(2).join(' ') : line.slice(ends[xff ? 3 : 2]! + 1).trim();
  return { fields: out, trailing };
}

export interface RequestLine {
  method: string;
  target: string;
  protocol?: string;
}

/**
 * `GET /a?b=1 HTTP/1.1` as servers log it: the method is the first word, the protocol the last, the target what is
 * between (spaces included). A request of one word (`-`, a TLS handshake's bytes) has method `-` and is the target.
 */
export function splitRequestLine(request: string): RequestLine {
  const s1 = request.indexOf(' ');
  if (s1 < 0) return { method: '-', target: request };
  const method = request.slice(0, s1);
  const rest = request.slice(s1 + 1);
  const s2 = rest.lastIndexOf(' ');
  return s2 < 0
    ? { method, target: rest }
    : { method, target: rest.slice(0, s2), protocol: rest.slice(s2 + 1) };
}

/** A bracketed IPv6 address and the space after it, as a head token (`[2001:db8::4] `, `[fe80::1%eth0] `). */
const BRACKETED_V6 = /\[[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[^\] ]+)?\] /y;

/**
 * Where the ` [` before the time is: the first one, but for a bracketed IPv6 client after a vhost
 * (`www.example.com:443 [2001:db8::4] - - [...]`), which is the head's second token.
 */
function timeBracket(line: string): number {
  let br = line.indexOf(' [');
  for (;;) {
    if (br < 0) return br;
    BRACKETED_V6.lastIndex = br + 1;
    if (!BRACKETED_V6.test(line)) return br;
    br = line.indexOf(' [', BRACKETED_V6.lastIndex - 1);
  }
}

/**
 * `[vhost] ip ident user`. Servers write the user (`%u`, `$remote_user`) as sent, spaces included, and the ident
 * (`%l`) is `-` unless identd is on, while a client address is never `-`: so `ip - john doe` is a user with a space,
 * and `vhost ip - user` a vhost line. Anything else with more than four tokens is not a head.
 */
function splitHead(text: string): { vhost?: string; ip: string; user: string } | undefined {
  const t = text.split(' ');
  if (t.length < 3) return undefined;
  if (t.length === 3) return { ip: unbracketed(t[0]!), user: t[2]! };
  if (t[1] === '-') return { ip: unbracketed(t[0]!), user: t.slice(2).join(' ') };
  if (t.length === 4 || t[2] === '-')
    return { vhost: t[0]!, ip: unbracketed(t[1]!), user: t.slice(3).join(' ') };
  return undefined;
}

/**
 * A client address as some servers and proxies write an IPv6 one, `[2001:db8::4]`, without its brackets: the same
 * client as `2001:db8::4`, found by an `ip=` filter. The first token, or the second after a vhost.
 */
export function unbracketed(ip: string): string {
  return ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

/**
 * The closing quote of a field opened before `from`: the first `"` after an even run of backslashes, since Apache
 * writes a quote as `\"` and a backslash as `\\` (a referer ending in `\` is logged `"...\\"`).
 */
function findQuote(line: string, from: number): number {
  let i = from;
  for (;;) {
    const q = line.indexOf('"', i);
    if (q < 0) return -1;
    let slashes = 0;
    while (q - slashes - 1 >= from && line.charCodeAt(q - slashes - 1) === 92) slashes++;
    if (slashes % 2 === 0) return q;
    i = q + 1;
  }
}

/** `17/May/2015:10:05:03 +0000` to epoch milliseconds. */
export function parseClfTime(t: string): number | undefined {
  if (t.length !== 26 || t[2] !== '/' || t[6] !== '/' || t[11] !== ':' || t[20] !== ' ') return undefined;
  const month = MONTHS[t.slice(3, 6)];
  const day = Number(t.slice(0, 2));
  const year = Number(t.slice(7, 11));
  const h = Number(t.slice(12, 14));
  const m = Number(t.slice(15, 17));
  const s = Number(t.slice(18, 20));
  const sign = t[21] === '-' ? -1 : t[21] === '+' ? 1 : 0;
  const oh = Number(t.slice(22, 24));
  const om = Number(t.slice(24, 26));
  if (month === undefined || sign === 0 || [day, year, h, m, s, oh, om].some((n) => !Number.isInteger(n)))
    return undefined;
  // An impossible date or time (32/Nov, 25:00) is not a log line's time; Date.UTC would roll it over silently. An
  // hour of 24 to 99 rolls over into another day, which the day check finds.
  const local = Date.UTC(year, month, day, h, m, s);
  if (new Date(local).getUTCDate() !== day || m > 59 || s > 59 || om > 59) return undefined;
  return local - sign * (oh * 60 + om) * 60_000;
}

/** A status as servers write it, in three digits: Nginx's 000 and 009 (NO_RESPONSE_STATUS) are no 0 and 9. */
export const statusText = (status: number): string => String(status).padStart(3, '0');

/** Formats epoch ms back into the access-log time form, in UTC. */
export function formatClfTime(ms: number): string {
  const d = new Date(ms);
  const names = Object.keys(MONTHS);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${names[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
