import type { IncidentRecord } from './incident.js';
import { safeText } from './render/escape.js';
import { hasDotSegments, replayUrlText } from './replay-target.js';
import { shellQuote } from './shell-quote.js';

/** One request to re-send. */
export interface ReplayStep {
  method: string;
  /** Path and query, e.g. `/cart?item=3`. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The status this request got when the incident was recorded, when known. */
  recorded?: number;
}
export interface ReplayPlan {
  steps: ReplayStep[];
  /** Names of values that were redacted when recorded and were not given with --set. */
  missing: string[];
}

/** Headers that are safe and useful to send again; everything else (cookies, auth, hop-by-hop) stays behind. */
const SAFE_HEADERS = new Set([
  'accept',
  'accept-language',
  'content-type',
  'user-agent',
  'referer',
  'x-requested-with',
  'origin',
]);

/** What a redacted value looks like in a record. */
export const isRedacted = (v: unknown): boolean =>
  typeof v === 'string' && /^(\[redacted\]|<redacted>|redacted|\*{3,}|\[filtered\])$/i.test(v.trim());

/**
 * Turns an incident into the request sequence that led to it: the session's earlier requests, oldest first, then
 * the crashing request as received. Redacted values are replaced from `set` (by field name) or listed as missing.
 */
export function planReplay(rec: IncidentRecord, set: Record<string, string>): ReplayPlan {
  const missing = new Set<string>();
  const fill = (name: string, value: unknown): unknown => {
    if (!isRedacted(value)) return value;
    if (set[name] !== undefined) return set[name];
    missing.add(name);
    return `{{${name}}}`;
  };
  const fillQuery = (query: string | undefined): string => {
    if (!query) return '';
    const pairs = [...new URLSearchParams(query)];
    // Kept as sent unless a value must be filled in: written again, `?q=1' OR 1=1` or `?debug` would reach the
    // application as other text than the request that crashed it.
    if (!pairs.some(([, val]) => isRedacted(val))) return `?${query}`;
    return `?${formEncoded(
      pairs.map(([k, val]) => [k, String(fill(k, val))]),
      missing,
    )}`;
  };
  const steps: ReplayStep[] = [];
  const session = [...(rec.incident.session_trail ?? [])];
  while (
    session.length > 0 &&
    rec.request.id !== undefined &&
    session[session.length - 1]!.id === rec.request.id
  )
    session.pop();
  for (const r of session) {
    steps.push({
      method: r.method ?? 'GET',
      url: `${r.path ?? '/'}${fillQuery(r.query)}`,
      headers: r.ua ? { 'user-agent': r.ua } : {},
      ...(r.status !== undefined ? { recorded: r.status } : {}),
    });
  }
  const rx = rec.incident.received ?? {};
  const headers: Record<string, string> = {};
  for (const [k, val] of Object.entries(rx.headers ?? {})) {
    if (SAFE_HEADERS.has(k.toLowerCase()) && !isRedacted(val)) headers[k.toLowerCase()] = val;
  }
  const rawUrl = rx.url ?? `${rec.request.path ?? '/'}${rec.request.query ? `?${rec.request.query}` : ''}`;
  const q = rawUrl.indexOf('?');
  const url = q < 0 ? rawUrl : `${rawUrl.slice(0, q)}${fillQuery(rawUrl.slice(q + 1))}`;
  const step: ReplayStep = { method: rx.method ?? rec.request.method ?? 'GET', url, headers };
  if (rec.request.status !== undefined) step.recorded = rec.request.status;
  if (rx.body !== undefined && rx.body !== null && rx.body !== '') {
    const body = fillDeep(rx.body, fill);
    const type = headers['content-type'] ?? '';
    if (typeof body === 'string') step.body = body;
    else if (type.includes('application/x-www-form-urlencoded') && typeof body === 'object') {
      step.body = formEncoded(formPairs(body, ''), missing);
    } else {
      step.body = JSON.stringify(body);
      if (!type) headers['content-type'] = 'application/json';
    }
  }
  steps.push(step);
  return { steps, missing: [...missing].sort() };
}

/**
 * A form body's fields as the parsers that made the recorded object read them: a list as the name repeated
 * (`tag=a&tag=b`, not `tag=a,b`), a nested object in brackets (`user[name]=x`, not `[object Object]`).
 */
function formPairs(value: unknown, name: string): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v) => formPairs(v, name));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => formPairs(v, name ? `${name}[${k}]` : k));
  return [[name, String(value)]];
}

/**
 * Pairs form-encoded, except that a placeholder for a missing value stays `{{name}}` as the docs promise: a user
 * looks for it to fill it in, and a REST client reads it as a variable (percent-encoded it was sent as is).
 */
function formEncoded(pairs: [string, string][], missing: ReadonlySet<string>): string {
  return pairs
    .map(([k, v]) => {
      const named = /^\{\{(.*)\}\}$/s.exec(v)?.[1];
      return named === undefined || !missing.has(named)
        ? `${formText(k)}=${formText(v)}`
        : `${formText(k)}={{${formText(named)}}}`;
    })
    .join('&');
}

/** Text as a form body writes it (`+` for a space, as URLSearchParams does). */
const formText = (text: string): string => new URLSearchParams([[text, '']]).toString().slice(0, -1);

function fillDeep(value: unknown, fill: (name: string, v: unknown) => unknown, name = 'body'): unknown {
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, fill, name));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, fill, k)]));
  }
  return fill(name, value);
}

/**
 * The scripts are printed, often to a terminal, and every value in them came from a log. Control characters are
 * shown as escapes (an ESC must not reach the terminal, a newline in a field name must not end a comment line and
 * start a command); HTTP forbids them in methods and header values anyway. A body keeps its line breaks.
 */
const shownBody = (s: string): string => s.split('\n').map(safeText).join('\n');
const missingNote = (plan: ReplayPlan): string =>
  `# Fill in before running (redacted when recorded): ${plan.missing.map(safeText).join(', ')}`;

/**
 * The plan as a shell script of curl calls (a cookie jar keeps the session between them); with `insecure`, curl
 * does not check an https target's certificate either.
 */
export function planToCurl(plan: ReplayPlan, target: string, options: { insecure?: boolean } = {}): string {
  const lines = [
    '#!/bin/sh',
    '# Replays the requests that led to the incident. Generated by logbook replay.',
    'set -e',
    'JAR=$(mktemp)',
    // the jar holds the cookies the target set: removed however the script ends (set -e stops it at a failed step)
    `trap 'rm -f "$JAR"' EXIT`,
  ];
  if (plan.missing.length > 0) lines.push(missingNote(plan));
  for (const s of plan.steps) {
    const parts = [
      'curl',
      '-sS',
      // `[1]` in a recorded path, or a {{name}} placeholder, is not a range for curl to expand
      '-g',
      // `/static/../../etc/passwd` is sent as recorded, not resolved to `/etc/passwd`
      '--path-as-is',
      ...(options.insecure === true ? ['--insecure'] : []),
      '-o',
      '/dev/null',
      '-w',
      shellQuote(`%{http_code} ${safeText(s.method)} ${safeText(s.url)}\\n`),
      '-b',
      '"$JAR"',
      '-c',
      '"$JAR"',
      '-X',
      shellQuote(safeText(s.method)),
    ];
    for (const [k, v] of Object.entries(s.headers)) parts.push('-H', shellQuote(safeText(`${k}: ${v}`)));
    if (s.body !== undefined) parts.push('--data-binary', shellQuote(shownBody(s.body)));
    parts.push(shellQuote(replayUrlText(target, s.url)));
    lines.push(parts.join(' '));
  }
  return lines.join('\n') + '\n';
}

/**
 * The plan as a `.http` file (VS Code REST Client / JetBrains HTTP client). What such a client would send otherwise
 * than recorded is said in a comment: a path with dot segments, and an https target replayed with `insecure`.
 */
export function planToHttp(plan: ReplayPlan, target: string, options: { insecure?: boolean } = {}): string {
  const out: string[] = [];
  if (options.insecure === true)
    out.push(
      "# Written with --insecure, but a REST client checks the target's certificate: trust the CA that signed it,",
      '# or in a JetBrains IDE give the environment you run this in "SSLConfiguration": {"verifyHostCertificate":',
      '# false} in http-client.private.env.json.',
      '',
    );
  if (plan.missing.length > 0) out.push(missingNote(plan), '');
  plan.steps.forEach((s, i) => {
    const url = replayUrlText(target, s.url);
    out.push(`### step ${i + 1}`);
    if (hasDotSegments(url))
      out.push(
        '# REST clients may resolve the . and .. in this path and request another one; --print curl sends it as',
        '# recorded (curl --path-as-is).',
      );
    out.push(`${safeText(s.method)} ${url}`);
    for (const [k, v] of Object.entries(s.headers)) out.push(safeText(`${k}: ${v}`));
    if (s.body !== undefined) out.push('', shownBody(s.body));
    out.push('');
  });
  return out.join('\n');
}
