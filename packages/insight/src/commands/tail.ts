import { isUtf8 } from 'node:buffer';
import { statSync } from 'node:fs';
import { isBlank } from '../sources/line-scan.js';
import { Follower } from '../serve/follower.js';
import { fileIdentity } from '../file-identity.js';
import { expandSources } from '../sources/files.js';
import { detectFile } from '../sources/detect.js';
import { statusText } from '../sources/access-line.js';
import { flattenLine, matchesFilters, type FlatRecord } from '../record-line.js';
import { safeText } from '../render/escape.js';
import type { Style } from '../render/style.js';
import { filterSql } from '../filters.js';
import {
  positiveInt,
  requestTimeOption,
  REQUEST_TIME_HELP,
  styleFor,
  type Io,
  type Values,
  type Command,
} from './common.js';
import { counted } from '../render/counted.js';
import { MAX_JSON_LINE } from '../sources/json-value.js';
import { linesFromEnd } from './lines-from-end.js';
import { givenOrDefaultSources } from '../sources/default-sources.js';

export const tailCommand: Command = {
  name: 'tail',
  summary: 'print the latest records classified and coloured; -f follows the live log',
  usage: `logbook tail [-f] [sources...] [options]

  -f, --follow      keep watching for new lines (and new files in a folder) until interrupted
  -n, --lines N     start with the last N records of each source's newest file (default 10; with --filter,
                    the last N that match, however far back)
  --filter K=V      only matching records (keys as for report); repeatable
${REQUEST_TIME_HELP}
  --no-color        no colour (also NO_COLOR=1)`,
  options: {
    follow: { type: 'boolean', short: 'f' },
    lines: { type: 'string', short: 'n' },
    filter: { type: 'string', multiple: true },
    'request-time': { type: 'string' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    interval: { type: 'string' },
  },
  async run(io: Io, positionals: string[], v: Values, signal?: AbortSignal): Promise<number> {
    const n = v.lines === '0' ? 0 : (positiveInt(v.lines, '--lines') ?? 10);
    const terms = (v.filter as string[] | undefined) ?? [];
    filterSql({ where: terms }); // the report's checks: an unknown key or a bad value is an error, not silence
    const interval = positiveInt(v.interval, '--interval') ?? 250;
    const requestTime = requestTimeOption(v);
    const sources = givenOrDefaultSources(positionals);
    const s = styleFor(io, v);
    const wanted = (line: string): FlatRecord | undefined => {
      const r = flattenLine(line, requestTime);
      return r && matchesFilters(r, terms) ? r : undefined;
    };
    const print = (r: FlatRecord): void => void io.stdout.write(`${formatLive(r, s)}\n`);
    const emit = (line: string): void => {
      const r = wanted(line);
      if (r) print(r);
    };
    // The last lines of each source's newest file: a folder's live log, not also yesterday's access.log.1 or
    // app-2026-11-21.jsonl. Every file is followed.
    const known: { file: string; format: string; size: number; mtimeMs: number; identity: string }[] = [];
    for (const source of sources) {
      const files: (typeof known)[number][] = [];
      for (const file of expandSources([source])) {
        const detected = detectFile(file);
        if (detected.gzip) continue; // rotated archives are history, not the live log
        const stats = statSync(file);
        const { size, mtimeMs } = stats;
        files.push({ file, format: detected.format, size, mtimeMs, identity: fileIdentity(stats) });
      }
      const newest = files.reduce<(typeof files)[number] | undefined>(
        (a, b) => (a === undefined || b.mtimeMs > a.mtimeMs ? b : a),
        undefined,
      );
      if (newest) for (const r of lastWanted(newest.file, newest.size, n, wanted)) print(r);
      for (const f of files) if (!known.some((k) => k.file === f.file)) known.push(f);
    }
    if (!v.follow) return 0;
    io.stderr.write(`following ${counted(known.length, 'file')}; Ctrl-C to stop\n`);
    // The dashboard's follower: new lines, new files, files truncated in place, and files renamed by logrotate
    // (known by identity, so a renamed file is not read again and the new one is read from its start).
    const follower = new Follower(
      sources,
      (batch) => {
        for (const appended of batch) for (const line of textLines(appended.lines)) emit(line);
        return Promise.resolve();
      },
      { intervalMs: interval },
    );
    follower.start(known);
    await new Promise<void>((resolve) => {
      if (signal === undefined || signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    follower.stop();
    return 0;
  },
};

/**
 * The non-blank lines of `bytes` as text. A line that is not valid UTF-8 is left out, as the report skips it
 * (decoded, it would show replacement characters where the log has bytes no reader can name).
 */
function textLines(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let start = 0; start < bytes.length;) {
    let nl = bytes.indexOf(10, start);
    if (nl < 0) nl = bytes.length;
    const line = bytes.subarray(start, nl);
    start = nl + 1;
    if (line.length === 0 || isBlank(line) || !isUtf8(line)) continue;
    out.push(line.toString('utf8'));
  }
  return out;
}

/**
 * The last `n` lines of the file that `pick` makes a record of, oldest first: with a filter, the last `n` matching
 * records, as `journalctl -n` gives them, not whatever of the last `n` lines happens to match (often nothing).
 */
function lastWanted<T>(file: string, size: number, n: number, pick: (line: string) => T | undefined): T[] {
  const found: T[] = []; // newest first
  if (n === 0) return found;
  for (const line of linesFromEnd(file, size, Math.max(64 * 1024, n * 2048), MAX_JSON_LINE)) {
    if (line === undefined) continue; // longer than any reader takes
    for (const text of textLines(line)) {
      const picked = pick(text);
      if (picked !== undefined) found.push(picked);
    }
    if (found.length >= n) break;
  }
  return found.reverse();
}

/**
 * One coloured line per record; every log value goes through safeText. An access record reads "status method path
 * duration client ip user [signals]"; any other record "LEVEL event message", and when it was logged while handling a request
 * (a user action, an incident) that request after it, so `user.login` shows who logged in and where.
 */
export function formatLive(r: FlatRecord, s: Style): string {
  const kindColour =
    r.kind === 'scanner' ? s.red : r.kind === 'crawler' ? s.cyan : r.kind === 'human' ? s.green : s.dim;
  const statusColour = (r.status ?? 0) >= 500 ? s.red : (r.status ?? 0) >= 400 ? s.yellow : (x: string) => x;
  const parts = [s.dim(safeText(r.time.replace('T', ' ').slice(0, 23)))];
  const request = (): string[] => {
    const shown = [
      safeText(r.method ?? ''),
      safeText(r.path),
      r.duration_ms === undefined ? '' : s.dim(duration(r.duration_ms)),
      kindColour(
        safeText(`${r.kind ?? 'unknown'}${r.name ? `:${r.name}` : r.browser ? `:${r.browser}` : ''}`),
      ),
    ];
    if (r.ip) shown.push(s.dim(safeText(r.ip)));
    if (r.user) shown.push(s.dim(safeText(r.user)));
    return shown;
  };
  const access = r.path !== undefined && (r.event === undefined || r.event === 'http.request');
  if (access) {
    parts.push(statusColour(r.status === undefined ? '-' : statusText(r.status)), ...request());
    if (r.signals.length > 0) parts.push(s.red(safeText(`[${r.signals.join(',')}]`)));
  } else {
    const lc =
      r.level === 'ERROR' || r.level === 'CRITICAL'
        ? s.red
        : r.level === 'WARNING'
          ? s.yellow
          : (x: string) => x;
    parts.push(lc(safeText(r.level)), s.magenta(safeText(r.event ?? '')), safeText(r.message ?? ''));
    if (r.path !== undefined) parts.push(s.dim('·'), ...request());
  }
  return parts.filter((p) => p !== '').join(' ');
}

/** `0.4 ms`, `42 ms`, `1,250 ms`: a tenth of a millisecond only where it tells something. */
function duration(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US')} ms`;
}
