import { text } from '../db.js';
import type { ParseArgsConfig } from 'node:util';
import { FORMAT_NAMES, type FormatOption } from '../sources/detect.js';
import { REQUEST_TIME_UNITS, type RequestTimeUnit } from '../sources/request-time.js';
import { loadSources, type LoadedLogs, type LoadOptions } from '../sources/load.js';
import { colourWanted, makeStyle, type Style } from '../render/style.js';
import type { Filters } from '../filters.js';
import { givenOrDefaultSources } from '../sources/default-sources.js';

/** A wrong command line: the CLI prints the message and the command's usage, and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where a command writes; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** Options every command that reads logs accepts. */
export const SOURCE_OPTIONS = {
  format: { type: 'string' },
  'request-time': { type: 'string' },
  strict: { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  filter: { type: 'string', multiple: true },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

/** How `--request-time` reads access logs, for every command that loads them. */
export const REQUEST_TIME_HELP = `  --request-time U  the unit of request times: s (Nginx $request_time, Apache %T), ms (Apache %{ms}T),
                    us (Apache %D), or none. Read: a bare number after an access line's last field, else a
                    named one (rt=0.050, reqtime:0.090, urt=0.049), in JSON logs request_time,
                    upstream_response_time; keys that state a unit keep it (D=1234, duration_ms=12.5, JSON
                    duration_us), as do Caddy's and Traefik's durations. Default auto: seconds, after a line
                    only numbers with decimals (a whole number could be Apache's %D, %T or %{ms}T)`;

export const SOURCE_HELP = `  --format F        auto (default), jsonl, combined, common, vhost, json-access
${REQUEST_TIME_HELP}
  --strict          fail when any line is malformed (default: skip and count)
  --since T         only records at or after T (2026-11-21, 2026-11-21T10:00Z, 24h, 7d; no zone: UTC)
  --until T         only records before T
  --filter K=V      narrow every section; repeatable. Keys: client, ip, path, status, ua, event, user,
                    method, name, browser, os, route, level, signal, ticket. Wildcards * ?; K!=V negates
  --no-color        no colour (also NO_COLOR=1); --color forces it`;

export function formatOption(v: Values): FormatOption | undefined {
  const f = v.format;
  if (f === undefined) return undefined;
  if (typeof f !== 'string' || !(FORMAT_NAMES as readonly string[]).includes(f)) {
    throw new UsageError(`--format ${String(f)}: expected one of ${FORMAT_NAMES.join(', ')}.`);
  }
  return f as FormatOption;
}

export function requestTimeOption(v: Values): RequestTimeUnit | undefined {
  const u = v['request-time'];
  if (u === undefined) return undefined;
  if (typeof u !== 'string' || !(REQUEST_TIME_UNITS as readonly string[]).includes(u)) {
    throw new UsageError(
      `--request-time ${String(u)}: expected one of ${REQUEST_TIME_UNITS.join(', ')} (the unit of request times).`,
    );
  }
  return u as RequestTimeUnit;
}

export function filtersOf(v: Values): Filters {
  const f: Filters = {};
  if (typeof v.since === 'string') f.since = v.since;
  if (typeof v.until === 'string') f.until = v.until;
  if (Array.isArray(v.filter)) f.where = v.filter;
  return f;
}

export function styleFor(io: Io, v: Values): Style {
  return makeStyle(
    colourWanted(io.stdout, v['no-color'] === true ? false : v.color === true ? true : undefined),
  );
}

/** Loads the sources with a progress bar on stderr when reading takes more than a second. */
export async function load(
  io: Io,
  sources: string[],
  v: Values,
  extra: Pick<LoadOptions, 'lean'> = {},
): Promise<LoadedLogs> {
  const started = Date.now();
  let shown = false;
  const format = formatOption(v);
  const requestTime = requestTimeOption(v);
  const read = givenOrDefaultSources(sources);
  const loaded = await loadSources(read, {
    ...(format ? { format } : {}),
    ...(requestTime ? { requestTime } : {}),
    strict: v.strict === true,
    ...extra,
    onProgress: (done, total) => {
      if (Date.now() - started < 1000 || !io.stderr.isTTY) return;
      shown = true;
      const w = 30;
      const filled = Math.round((done / total) * w);
      io.stderr.write(`\r  reading ${'█'.repeat(filled)}${'░'.repeat(w - filled)} ${done}/${total} files`);
    },
  });
  if (shown) io.stderr.write('\r\u001b[2K');
  // An empty folder is a valid source (a new app's ./logs), but an empty answer should say why it is empty.
  if (loaded.files.length === 0) io.stderr.write(`Found no log files in ${read.join(', ')}.\n`);
  return loaded;
}

export function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} ${text(v)}: expected a positive whole number.`);
  return n;
}

/** Checks a --target: `localhost:3000` parses as a URL (scheme "localhost:") but cannot be sent to. */
export function httpUrl(value: string, flag: string): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new UsageError(
      `${flag} ${value}: not an http:// or https:// URL; expected e.g. http://127.0.0.1:3000.`,
    );
  return value;
}

/** One subcommand: its help text, its node:util parseArgs options, and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(io: Io, positionals: string[], values: Values, signal?: AbortSignal): Promise<number>;
}
