import { openSync, readSync, closeSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseAccessLine } from './access-line.js';
import { isJsonAccessEntry } from './json-access-keys.js';
import { jsonAccessServerOf, notAnAccessEntry, type JsonAccessServer } from './json-access-server.js';
import { ZERO_FILL } from './zero-fill.js';

/** Logbook JSONL records, an Apache/Nginx access log, or an access log written as JSON lines. */
export type SourceFormat = 'jsonl' | 'access' | 'json-access';

/** What `--format` accepts. The access-log variants are parsed by one tolerant reader, so they all map to `access`. */
export const FORMAT_NAMES = [
  'auto',
  'jsonl',
  'combined',
  'common',
  'vhost',
  'access',
  'json-access',
] as const;
export type FormatOption = (typeof FORMAT_NAMES)[number];

export interface Detected {
  format: SourceFormat | 'empty' | 'unknown';
  gzip: boolean;
  /** Why a file with the gzip magic bytes could not be inflated (format `unknown`). */
  damaged?: string;
  /** Whose JSON access log it is, by most of its first JSON lines (`plain` when none is a server's own). */
  server: JsonAccessServer;
}

/**
 * Looks at the first lines of a file (gunzipping a prefix when needed) to tell JSONL records from an access log,
 * plain or in JSON. JSON lines make a JSON access log when more of them are access-log entries (a time, a status and
 * a request under the keys json-access-keys.ts knows) than Logbook records (`time` and `level`), or when its JSON lines
 * are Caddy's or Traefik's (told by their own keys); JSON lines that are neither (cut off, another logger's) leave
 * a file JSONL, read as records, as before.
 */
export function detectFile(file: string): Detected {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(64 * 1024);
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
    // A file that starts with zero bytes (truncated by logrotate's copytruncate while the server kept writing at its
    // old offset, or a crash's zero-fill) is told by the lines after them.
    const from = n > 0 && head[0] === 0 ? firstNonZero(fd, head) : 0;
    if (from > 0) n = readSync(fd, head, 0, head.length, from);
  } finally {
    closeSync(fd);
  }
  let bytes = head.subarray(0, n);
  const gzip = n >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (gzip) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a truncated prefix */ });
    } catch (e) {
      return { format: 'unknown', gzip, damaged: (e as Error).message, server: 'plain' };
    }
  }
  const lines = bytes.toString('utf8').split('\n').slice(0, 50);
  let json = 0;
  let records = 0;
  let jsonAccess = 0;
  let access = 0;
  const servers = { caddy: 0, traefik: 0 };
  for (const l of lines) {
    const t = l.trim();
    if (t === '') continue;
    if (t.startsWith('{')) {
      json++;
      const value = parseJson(t);
      // Caddy's and Traefik's lines are told by their own keys first: both carry a level, Traefik's a `time` too.
      const server =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? jsonAccessServerOf(value as Record<string, unknown>)
          : 'plain';
      if (server !== 'plain') {
        servers[server]++;
        if (isJsonAccessEntry(value)) jsonAccess++;
        else if (notAnAccessEntry(value as Record<string, unknown>) !== undefined) json--; // another logger's
      } else if (isLogbookRecord(value)) records++;
      else if (isJsonAccessEntry(value)) jsonAccess++;
    } else if (parseAccessLine(t)) access++;
  }
  const server: JsonAccessServer =
    servers.caddy + servers.traefik === 0 ? 'plain' : servers.caddy >= servers.traefik ? 'caddy' : 'traefik';
  if (json === 0 && access === 0) {
    // only lines of Caddy's other loggers so far: its access log, with no request yet
    if (server !== 'plain') return { format: 'json-access', gzip, server };
    return { format: lines.some((l) => l.trim() !== '') ? 'unknown' : 'empty', gzip, server };
  }
  if ((jsonAccess > records || server !== 'plain') && jsonAccess >= access)
    return { format: 'json-access', gzip, server };
  return { format: json >= access ? 'jsonl' : 'access', gzip, server };
}

/**
 * The offset of the first byte that is not zero; 0 when every byte is (a file of nothing else is told by its zeros:
 * not a format, its bytes one skipped line). `buf` is scratch space.
 */
function firstNonZero(fd: number, buf: Buffer): number {
  for (let pos = 0; ;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return 0;
    const i = buf.subarray(0, n).findIndex((b) => b !== 0);
    if (i >= 0) return pos + i;
    pos += n;
  }
}

function isLogbookRecord(value: unknown): boolean {
  const rec = value as { time?: unknown; level?: unknown } | null | undefined;
  return typeof rec?.time === 'string' && typeof rec.level === 'string';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const APACHE_ERROR =
  /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] \[/;
const NGINX_ERROR =
  /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(?:debug|info|notice|warn|error|crit|alert|emerg)\] /;

/**
 * Why a file of unrecognised format was skipped, from its first non-blank line. A server's error log sits beside
 * its access log (`/var/log/apache2`, `/var/log/nginx`), so it is named as such rather than sent to `--format`,
 * which cannot read it either.
 */
export function unknownFormatReason(firstLine: string): string {
  if (/^\0+$/.test(firstLine)) return `nothing but NUL bytes (${ZERO_FILL}); file skipped`;
  const kind = APACHE_ERROR.test(firstLine)
    ? 'an Apache'
    : NGINX_ERROR.test(firstLine)
      ? 'an Nginx'
      : undefined;
  if (kind)
    return `${kind} error log, not an access log; file skipped (logbook reads access logs and JSONL records)`;
  return (
    'format not recognised: neither Logbook JSONL nor an Apache/Nginx access log; file skipped ' +
    '(if it is an access log, --format combined reads it and names each line it cannot read)'
  );
}
