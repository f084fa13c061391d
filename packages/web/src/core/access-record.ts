// How a finished request reads in the log: its level by outcome, and for the ones worth a look (401, 403,
// 404, probes, crashes) a reason in words — "crawler on auth-only page", "wordpress probe" — so the
// site owner does not have to know the rule ids.

import { STATUS_CODES } from 'node:http';
import { RULES, isAttackSignal, type ClientInfo } from '@logbook/traffic';
import { Level, compileTemplate, shapeJsonWriter } from 'logbook';

export const ACCESS_EVENT = 'http.request';
// Parsed once here, not looked up in the template cache for every request. `who` (client-words.ts) is in the
// message of a line that needs a look because a console or text line shows the message and fields, not the
// record's client and request; a plain 2xx/3xx line leaves it out (see AccessWriter.finish in access-writer.ts).
export const ACCESS_TEMPLATE = compileTemplate('{method} {path} → {status} in {duration_ms} ms');
export const ACCESS_TEMPLATE_WITH_REASON = compileTemplate(
  '{method} {path} → {status} in {duration_ms} ms for {who}: {reason}',
);
/** A request Node refused before any handler ran: no handler time to tell, only why. */
export const REJECTED_TEMPLATE = compileTemplate('{method} {path} → {status} for {who}: {reason}');
/** The same, when Node refused before a request line arrived (a head not sent in time, a header too long). */
export const REJECTED_UNSEEN_TEMPLATE = compileTemplate('Request refused → {status} for {who}: {reason}');
/** An upgrade whose socket closed before any answer: no status went out. */
export const UNANSWERED_TEMPLATE = compileTemplate(
  '{method} {path} → no answer in {duration_ms} ms for {who}: {reason}',
);
export const ABORTED_TEMPLATE = compileTemplate(
  '{method} {path} aborted by the client ({who}) after {duration_ms} ms',
);

/** INFO for 2xx/3xx, NOTICE for 4xx, attack signals and aborted requests, ERROR for 5xx. */
export function accessLevel(status: number, aborted: boolean, attack: boolean): number {
  if (aborted) return Level.NOTICE;
  if (status >= 500) return Level.ERROR;
  if (status >= 400 || attack) return Level.NOTICE;
  return Level.INFO;
}

export function hasAttackSignal(signals: readonly string[]): boolean {
  for (let i = 0; i < signals.length; i++) if (isAttackSignal(signals[i]!)) return true;
  return false;
}

/** How accessReason words a status of its own. */
export interface StatusWording {
  /** Whether a status without its own words gets its status line's ("bad request"); off when the caller has words. */
  statusWords?: boolean;
  /** Whether the request logged a failed login (action('user.login_failed')): its 401 is that, not "login required". */
  loginFailed?: boolean;
}

/** A few words on why a request deserves a look; undefined for the ordinary ones. */
export function accessReason(
  status: number,
  client: ClientInfo,
  signals: readonly string[],
  verdict: string | undefined,
  incident: string | undefined,
  { statusWords = true, loginFailed = false }: StatusWording = {},
): string | undefined {
  const parts: string[] = [];
  if (incident !== undefined) parts.push(`incident ${incident}`);
  if (signals.includes('crawler-restricted')) {
    parts.push(`crawler on auth-only page${client.name === undefined ? '' : ` (${client.name})`}`);
  }
  for (const id of signals) {
    if (!isAttackSignal(id)) continue;
    const title = RULES[id]!.title.toLowerCase(); // an attack signal is a rule of the catalogue
    parts.push(
      id === 'scanner-user-agent' && client.name !== undefined ? `${title} (${client.name})` : title,
    );
  }
  if (parts.length === 0 || (incident !== undefined && parts.length === 1)) {
    if (status === 401) parts.push(loginFailed ? 'login failed' : 'login required');
    else if (status === 403) parts.push('forbidden');
    else if (status === 404)
      parts.push(signals.includes('not-found-probe') ? 'not found, and no page links here' : 'not found');
    // Any other refusal or failure in the words of its status line: "bad request", "payload too large".
    else if (status >= 400 && incident === undefined && statusWords)
      parts.push(STATUS_CODES[status]?.toLowerCase() ?? `status ${status}`);
  }
  if (verdict !== undefined) parts.push(`client judged ${verdict}`);
  return parts.length === 0 ? undefined : parts.join('; ');
}

const STATIC_EXTENSION = /\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|otf|eot)$/i;

export function isStaticAsset(path: string): boolean {
  return STATIC_EXTENSION.test(path);
}

/** Whether a sampled record is kept: rate 1 always, 0 never, else at random. */
export function keep(rate: number): boolean {
  return rate >= 1 || (rate > 0 && Math.random() < rate);
}

// The access record's fields and request are flat objects whose keys come in this order (see access-writer.ts):
// written by writers for that shape instead of the general serialiser, the same text. A processor that
// changed them into something else (a nested value, a key out of order) gets the general one.
const writeRequestJson = shapeJsonWriter([
  'id',
  'method',
  'path',
  'route',
  'query',
  'status',
  'duration_ms',
  'bytes',
  'ip',
  'ua',
  'referer',
  'auth_required',
  'aborted',
]);
const writeFieldsJson = shapeJsonWriter([
  'method',
  'path',
  'status',
  'duration_ms',
  'who',
  'reason',
  'verdict',
  'incident',
]);

/** The access record's JSON writer (LogRecord.jsonWriter): its fields and request. */
export function accessJson(value: object, key: string): string | undefined {
  if (key === 'request') return writeRequestJson(value);
  return key === 'fields' ? writeFieldsJson(value) : undefined;
}
