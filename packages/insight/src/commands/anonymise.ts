import { text } from '../db.js';
import { createWriteStream, mkdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { expandSources, SourceError } from '../sources/files.js';
import { detectFile } from '../sources/detect.js';
import { lineChunks, scanLines } from '../sources/line-scan.js';
import { splitAccessLine, formatClfTime, statusText, zeroFillLength } from '../sources/access-line.js';
import { Pseudonymiser, SECRET_NAME } from '../pseudonymiser.js';
import { OWN_KEYS, UNIT_SUFFIXES, UPSTREAM_KEYS } from '../sources/request-time.js';
import { anonymiseJsonAccessLine } from './anonymise-json-access-line.js';
import { UNREADABLE_LINE, unreadable } from './anonymise-unreadable.js';
import { UsageError, positiveInt, type Io, type Values, type Command } from './common.js';
import { counted } from '../render/counted.js';
import { recordSchemaKeys } from '../record-schema-keys.js';

export const anonymiseCommand: Command = {
  name: 'anonymise',
  summary: 'a shareable copy: emails, users, IPs, tokens and cookies replaced by consistent pseudonyms',
  usage: `logbook anonymise IN OUT [options]

IN is a file or a folder; OUT is the file or folder to write (same format: JSONL stays JSONL, access logs stay
access logs, .gz stays gzipped). Within one run the same input always maps to the same pseudonym.

  --ipv4-prefix N   keep the first N bits of IPv4 addresses: 0 (default), 8, 16 or 24
  --ipv6-prefix N   keep the first N bits of IPv6 addresses: 0 (default), 16, 32, 48 or 64
  --key SECRET      use this key instead of a random one (same pseudonyms across runs)`,
  options: { 'ipv4-prefix': { type: 'string' }, 'ipv6-prefix': { type: 'string' }, key: { type: 'string' } },
  async run(io: Io, positionals: string[], v: Values): Promise<number> {
    const [input, output] = positionals;
    if (!input || !output || positionals.length > 2) throw new UsageError('give exactly IN and OUT.');
    const v4 = positiveIntOrZero(v['ipv4-prefix'], '--ipv4-prefix', [0, 8, 16, 24]);
    const v6 = positiveIntOrZero(v['ipv6-prefix'], '--ipv6-prefix', [0, 16, 32, 48, 64]);
    // `--key "$KEY"` with KEY unset would otherwise fall back to a random key, and the pseudonyms would silently
    // differ from the last run's.
    if (v.key === '')
      throw new UsageError(
        '--key is empty (an unset variable?): give the secret to reuse, e.g. from `openssl rand -hex 16`.',
      );
    const p = new Pseudonymiser({
      ipv4Prefix: v4,
      ipv6Prefix: v6,
      ...(typeof v.key === 'string' ? { key: v.key } : {}),
    });
    const inAbs = resolve(io.cwd, input);
    const inStat = statOrUndefined(inAbs);
    if (!inStat)
      throw new SourceError(
        `Cannot read ${input}: no such file or folder. Pass the log file or folder to copy.`,
      );
    const isDir = inStat.isDirectory();
    const outAbs = resolve(io.cwd, output);
    refuseToOverwriteInput(input, inAbs, isDir, output, outAbs);
    const files = expandSources([inAbs]);
    // First pass: every address in the input, so that no pseudonym can equal a real one.
    for (const file of files) {
      await scanLines(file, detectFile(file).gzip, (buf) => {
        p.reserve(buf.toString('utf8'));
        return true;
      });
    }
    let lines = 0;
    let leftOut = 0;
    for (const file of files) {
      const target = isDir ? join(resolve(io.cwd, output), relative(inAbs, file)) : resolve(io.cwd, output);
      const n = await anonymiseFile(file, target, p);
      lines += n.lines;
      leftOut += n.leftOut;
    }
    io.stderr.write(
      `Anonymised ${counted(lines, 'line')} from ${counted(files.length, 'file')} into ${output}\n`,
    );
    if (leftOut > 0)
      io.stderr.write(
        `${counted(leftOut, 'line')} could not be read (not a record or an access-log line) and ${leftOut === 1 ? 'was' : 'were'} ` +
          `left out, each written as "${UNREADABLE_LINE}": such a line may hold anything, so none of it is copied.\n`,
      );
    return 0;
  },
};

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The real path of `path`, or of its nearest existing folder with the rest appended (OUT need not exist yet). */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPathOf(parent), path.slice(parent.length));
  }
}

/**
 * Opening OUT for writing truncates it, so an OUT that is IN (by any name) would destroy the log before it is read;
 * an OUT folder inside IN would be read as logs by every later command.
 */
function refuseToOverwriteInput(
  input: string,
  inAbs: string,
  isDir: boolean,
  output: string,
  outAbs: string,
): void {
  const inReal = realPathOf(inAbs);
  const outReal = realPathOf(outAbs);
  const outStat = statOrUndefined(outAbs);
  const inStat = statSync(inAbs);
  const same =
    outReal === inReal || (outStat !== undefined && outStat.dev === inStat.dev && outStat.ino === inStat.ino);
  if (same)
    throw new UsageError(
      `OUT ${output} is the same ${isDir ? 'folder' : 'file'} as IN: writing it would destroy the log. Give another OUT.`,
    );
  if (!isDir && outStat?.isDirectory())
    throw new UsageError(
      `OUT ${output} is a folder, and IN is a file: give the file to write, e.g. ${join(output, 'anon.log')}.`,
    );
  if (isDir && outStat?.isFile())
    throw new UsageError(
      `OUT ${output} is a file, and IN is a folder: give a folder to write the copies into.`,
    );
  if (isDir && outReal.startsWith(inReal + sep))
    throw new UsageError(
      `OUT ${output} is inside IN ${input}: the copy would be read as logs with the originals. Give a folder outside it.`,
    );
}

function positiveIntOrZero(v: unknown, flag: string, allowed: number[]): number {
  if (v === undefined) return 0;
  const n = v === '0' ? 0 : positiveInt(v, flag)!;
  if (!allowed.includes(n))
    throw new UsageError(`${flag} ${text(v)}: expected one of ${allowed.join(', ')}.`);
  return n;
}

async function anonymiseFile(
  file: string,
  target: string,
  p: Pseudonymiser,
): Promise<{ lines: number; leftOut: number }> {
  const { format, gzip } = detectFile(file);
  mkdirSync(dirname(target), { recursive: true });
  const fileOut = createWriteStream(target);
  let out: Writable = fileOut;
  if (gzip) {
    const z = createGzip();
    z.pipe(fileOut);
    out = z;
  }
  let n = 0;
  let leftOut = 0;
  // A chunk of lines at a time, waiting for the output between chunks: memory stays bounded however big the file.
  for await (const lines of lineChunks(file, gzip)) {
    let text = '';
    for (const line of lines) {
      const s = line.toString('utf8');
      const anonymised =
        format === 'jsonl'
          ? anonymiseJsonLine(s, p)
          : format === 'json-access'
            ? anonymiseJsonAccessLine(s, p)
            : anonymiseAccessLine(s, p);
      if (anonymised === UNREADABLE_LINE) leftOut++;
      text += `${anonymised}\n`;
    }
    n += lines.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(fileOut, 'close');
  return { lines: n, leftOut };
}

/** Re-writes an access-log line in the same layout with the client IP, user, query tokens, emails and IPs replaced. */
export function anonymiseAccessLine(line: string, p: Pseudonymiser): string {
  const split = splitAccessLine(line);
  if (!split) return unreadable(line);
  const a = split.fields;
  const target = `${a.path}${a.query !== undefined ? `?${a.query}` : ''}`;
  const req = p.request({ method: a.method, target, ...(a.protocol ? { protocol: a.protocol } : {}) });
  const q = (s: string | undefined): string => `"${(s === undefined ? '-' : s).replaceAll('"', '\\"')}"`;
  // a zero-filled run before the line (see zeroFillLength) stays: the copy's reader skips it as the original's does
  const zeros = line.slice(0, zeroFillLength(line));
  // `[2001:db8::4]` is read without its brackets; the copy keeps the server's way of writing it.
  const ip =
    a.vhost === undefined && line.startsWith('[', zeros.length) && !a.ip.startsWith('[')
      ? `[${p.ip(a.ip)}]`
      : p.ip(a.ip);
  let out = `${zeros}${a.vhost ? `${p.text(a.vhost)} ` : ''}${ip} - ${a.user ? p.token('u', a.user) : '-'} [${formatClfTime(a.time)}] ${q(req)} ${statusText(a.status)} ${a.bytes ?? '-'}`;
  if (a.ua !== undefined || a.referer !== undefined || line.trimEnd().endsWith('"')) {
    out += ` ${q(a.referer === undefined ? undefined : p.url(a.referer))} ${q(a.ua === undefined ? undefined : p.text(a.ua))}`;
    if (a.xff !== undefined) out += ` ${q(p.text(a.xff))}`;
  }
  if (split.trailing !== '') out += ` ${anonymiseTrailing(split.trailing, p)}`;
  return out;
}

/**
 * A number, a time or an IPv4 address: `0.123`, `1234`, `127.0.0.1:8080`, `0.012,`, and Traefik's duration `120ms`.
 * No other letters: a hex session id is made of digits and a-f. Inside quotes a value may hold spaces too, as an
 * upstream's list does (`"0.012, 0.003"`, `"0.012 : 0.003"`).
 */
const MEASURE = /^[-\d.:,]*\d[-\d.:,]*(?:ms)?$/;
const QUOTED_MEASURE = /^[-\d.:, ]*\d[-\d.:, ]*$/;

/**
 * Names a request time is read under (request-time.ts), in any letter case as the reader folds it (`iu`): only these
 * may take `:` as well as `=` (LTSV's `reqtime:0.090`), so that `alice:1234` or `db:5432` is not taken for a name and
 * its number.
 */
const TIME_NAME = new RegExp(
  `^(?:(?:${OWN_KEYS.join('|')})(?:_(?:${Object.values(UNIT_SUFFIXES).flat().join('|')}))?|d|${UPSTREAM_KEYS.join('|')})$`,
  'iu',
);

/** `name=` with any name, `name:` with a request time's name. */
const isName = (name: string, sep: string): boolean => sep === '=' || TIME_NAME.test(name);

/**
 * A trailing field: `name="value"` (Nginx's upstream timings are written so, `reqtime:"0.090"` too), a bare
 * `"value"`, or an unquoted token.
 */
const TRAILING_FIELD = /([A-Za-z_]+)([=:])"((?:[^"\\]|\\.)*)"|"((?:[^"\\]|\\.)*)"|(\S+)/g;

/**
 * The fields a server wrote after the ones logbook reads (request times, an upstream address): numbers and
 * addresses stay (addresses pseudonymised), with their names, so every request time the reader takes is kept as
 * written; anything else — it could be a cookie or a token a custom log format added — becomes `-`, so the copy
 * keeps its layout and nothing unknown leaks.
 */
function anonymiseTrailing(trailing: string, p: Pseudonymiser): string {
  const out: string[] = [];
  for (const [, name, sep, namedValue, bareValue, token] of trailing.matchAll(TRAILING_FIELD)) {
    if (token !== undefined) {
      out.push(anonymiseToken(token, p));
      continue;
    }
    const value = namedValue ?? bareValue!;
    const kept = value === '-' || QUOTED_MEASURE.test(value) ? p.text(value) : '-';
    if (name === undefined) out.push(`"${kept}"`);
    else out.push(isName(name, sep!) ? `${name}${sep}"${kept}"` : '-');
  }
  return out.join(' ');
}

/** An unquoted trailing field: `0.123`, `rt=0.050`, `reqtime:0.090`, `rt=-`, a list's `0.012,` or its ` : `. */
function anonymiseToken(token: string, p: Pseudonymiser): string {
  if (token === '-' || token === ':' || token === ',') return token;
  const named = /^([A-Za-z_]+)([=:])(.*)$/s.exec(token);
  const [name, value] =
    named && isName(named[1]!, named[2]!) ? [named[1]! + named[2]!, named[3]!] : ['', token];
  return value === '-' || MEASURE.test(value) ? `${name}${p.text(value)}` : '-';
}

/** Keys whose values identify a person or hold a secret, wherever they appear in a record. */
const ID_KEYS =
  /^(id|user|user_?id|user_?name|username|name|email|e_?mail|login|session|cookie|set-cookie|authorization|x-api-key|phone)$/i;
/** Keys of free-form data named like a user agent or a referer: text to keep readable, not a secret. */
const READABLE_KEYS = /^(user[-_]?agent|http_user_agent|referr?er|http_referer)$/i;
/** Keys of free-form data whose text is a URL or a path: an address after a slash in them is an address. */
const URL_KEYS = /^(url|uri|href|path|referr?er|location|redirect(_?to)?|next|target|link)$/i;
/**
 * Where a record holds data of the application's own shape (`fields`, `context`, an error's `props`, an incident's
 * request headers and body; its trails are records and requests, walked as such): there a key that names a secret or a person is pseudonymised at any
 * depth, numbers too.
 */
const FREE_FORM = new Set(['fields', 'context', 'props', 'headers', 'body']);

export function anonymiseJsonLine(line: string, p: Pseudonymiser): string {
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return unreadable(line);
  }
  // A JSON string, number or array is not a record: as unreadable as a cut-off line, and as likely to hold a secret.
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return unreadable(line);
  return JSON.stringify(walk(rec, '', '', p, true));
}

function walk(value: unknown, key: string, parent: string, p: Pseudonymiser, top = false): unknown {
  // An incident's trail holds whole records: each is walked as a record of its own.
  if (Array.isArray(value))
    return value.map((v) => (key === 'trail' ? walk(v, '', '', p, true) : walk(v, key, parent, p)));
  if (value !== null && typeof value === 'object') {
    // A key the schema does not name in this object (`request.token`, a line of another logger's) is data.
    const schemaKeys = recordSchemaKeys();
    const named = top ? schemaKeys.record : schemaKeys.within[key];
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        p.text(k),
        FREE_FORM.has(k)
          ? freeContainer(v, k, p)
          : named !== undefined && !named.has(k)
            ? freeForm(v, k, p)
            : walk(v, k, key, p),
      ]),
    );
  }
  if (typeof value === 'number' && parent === 'user' && ID_KEYS.test(key)) return p.token('u', String(value));
  if (typeof value !== 'string') return value;
  if (key === 'ip') return p.ip(value);
  if (key === 'query') return p.query(value);
  if (key === 'url' || key === 'referer' || key === 'path') return p.url(value);
  // request.id and the like are opaque ids already; only people-related ids are pseudonymised.
  const personal = parent === 'user' || parent === '';
  if (personal && ID_KEYS.test(key)) return identity(key, value, p);
  return p.text(value);
}

/** An email's pseudonym, or a user's (`u-…`) or session's (`s-…`) for any other identifying or secret value. */
function identity(key: string, value: string, p: Pseudonymiser): string {
  return value.includes('@') ? p.email(value) : p.token(/session/i.test(key) ? 's' : 'u', value);
}

/** `fields`, `context`, `headers`, …: the container's own name says nothing of what is in it. */
function freeContainer(value: unknown, key: string, p: Pseudonymiser): unknown {
  if (Array.isArray(value)) return value.map((v) => freeContainer(v, key, p));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [p.text(k), freeForm(v, k, p)]));
  return typeof value === 'string' ? p.text(value) : value;
}

/**
 * A value of the application's own data: under a secret or identifying key it is a pseudonym, at any depth, and so
 * is everything nested under such a key (`password: {new: …}`).
 */
function freeForm(value: unknown, key: string, p: Pseudonymiser, under = false): unknown {
  const secret = under || (!READABLE_KEYS.test(key) && (ID_KEYS.test(key) || SECRET_NAME.test(key)));
  if (Array.isArray(value)) return value.map((v) => freeForm(v, key, p, secret));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [p.text(k), freeForm(v, k, p, secret)]));
  if (typeof value === 'number') return secret ? p.token('u', String(value)) : value;
  if (typeof value !== 'string') return value;
  if (secret) return identity(key, value, p);
  return URL_KEYS.test(key) || /refer/i.test(key) ? p.url(value) : p.text(value);
}
