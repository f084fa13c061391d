// The options of createWebLogbook(), their defaults, and the checks that turn a wrong value into an
// error saying what to write instead. Everything is resolved once, so the request path reads plain fields.

import { randomBytes } from 'node:crypto';
import { Level, toLevel, type LevelLike, type RedactOptions } from 'logbook';
import { PROXY_HEADERS, TrustedProxies, type ProxyHeader, type TrustProxyOption } from './client-ip.js';

export interface AppOptions {
  name?: string;
  version?: string;
  /** Default: NODE_ENV, else 'development'. */
  env?: string;
}

export interface SamplingOptions {
  /** Paths treated as health checks (exact match). Default: /health, /healthz, /ready, /readyz, /livez, /ping. */
  healthPaths?: readonly string[];
  /** Share of successful health-check requests that get an access record: 0 drops them, 1 keeps all (default 1). */
  health?: number;
  /** Share of successful static-asset requests (.css, .js, images, fonts) that get an access record (default 1). */
  static?: number;
}

export interface BodyCaptureOptions {
  /** Most bytes of a JSON or form body kept for the incident record (default 8192). */
  limit?: number;
}

export interface CrashPageInfo {
  ref: string;
  requestId: string;
  /** The client asked for JSON (Accept: application/json). */
  json: boolean;
}

export interface CrashResponse {
  contentType: string;
  body: string;
}

export interface WebLogbookOptions {
  /** Shown in the app.start record and added to every record as `app`. */
  app?: AppOptions;
  /**
   * Proxies whose X-Forwarded-For / Forwarded headers are believed: addresses, CIDR blocks
   * ('10.0.0.0/8'), or 'loopback' / 'private' / 'linklocal'. Default: none, the socket address is the
   * client. `true` trusts every peer — then any client can claim any address; never use it on a server
   * reachable without a proxy.
   */
  trustProxy?: TrustProxyOption;
  /**
   * The one header the trusted proxies report the client in: 'x-forwarded-for', 'forwarded' or 'x-real-ip'.
   * Default: the first of these a request carries. Name it when your proxy writes Forwarded or X-Real-IP: such a
   * proxy passes on a client's own X-Forwarded-For untouched, and that would be read first.
   */
  proxyHeader?: ProxyHeader;
  /** Honour an incoming request id header (default true). */
  trustRequestId?: boolean;
  /** The request id header, read and echoed (default 'x-request-id'). */
  requestIdHeader?: string;
  /** Session cookie names whose (hashed) value keys the session trail. Default: common framework names. */
  sessionCookies?: readonly string[];
  /**
   * Key for the pseudonyms of user ids and sessions (HMAC-SHA256). Default: $LOGBOOK_SECRET, else a random
   * key per process — pseudonyms then change on every restart.
   */
  secret?: string;
  /** Write user ids as given instead of pseudonyms (default false). */
  storeUserIds?: boolean;
  /** Write user names (default false: names are left out). */
  storeUserNames?: boolean;
  /** Write user e-mail addresses (default false: left out). */
  storeUserEmails?: boolean;
  /** Lowest level kept in a request's trail for its incident record (default DEBUG). */
  trailLevel?: LevelLike;
  /** Most records kept in one request's trail; older ones are dropped (default 100). */
  trailSize?: number;
  /** Recent requests kept per session or client for incidents (default 20). */
  sessionTrailSize?: number;
  /** Sessions or clients remembered for session trails (default 5000, least recently seen forgotten). */
  sessionTrailClients?: number;
  /** Keep the JSON or form body of requests for incident records, redacted (default { limit: 8192 }); false: off. */
  captureBody?: BodyCaptureOptions | false;
  /** Redaction of headers, query strings and bodies in web records (same options as logbook's RedactProcessor). */
  redact?: RedactOptions;
  /** Thin out access records of successful health checks and static files. */
  sampling?: SamplingOptions;
  /** The channel of access, incident and verdict records (default 'http'). */
  channel?: string;
  /** Your own 500 page; it must not show anything internal. */
  crashPage?: (info: CrashPageInfo) => CrashResponse;
  /** Clients remembered by the attack tracker (default 10000). */
  maxTrackedClients?: number;
}

export class WebOptionsError extends Error {
  override name = 'WebOptionsError';
}

const DEFAULT_SESSION_COOKIES = [
  'connect.sid',
  'koa.sess',
  'sessionId',
  'sessionid',
  'session',
  'sid',
  'PHPSESSID',
];
const DEFAULT_HEALTH_PATHS = ['/health', '/healthz', '/ready', '/readyz', '/livez', '/ping'];

export interface ResolvedOptions {
  app: { name?: string; version?: string; env: string } | undefined;
  appInfo: AppOptions;
  proxies: TrustedProxies;
  proxyHeader: ProxyHeader | undefined;
  trustRequestId: boolean;
  requestIdHeader: string;
  sessionCookies: readonly string[];
  secret: string;
  storeUserIds: boolean;
  storeUserNames: boolean;
  storeUserEmails: boolean;
  trailLevel: number;
  trailSize: number;
  sessionTrailSize: number;
  sessionTrailClients: number;
  bodyLimit: number;
  redact: RedactOptions;
  healthPaths: ReadonlySet<string>;
  healthRate: number;
  staticRate: number;
  channel: string;
  crashPage: ((info: CrashPageInfo) => CrashResponse) | undefined;
  maxTrackedClients: number;
}

/** Every option createWebLogbook() reads: a name not here is a typo that would silently change nothing. */
const OPTION_NAMES = [
  'app',
  'trustProxy',
  'proxyHeader',
  'trustRequestId',
  'requestIdHeader',
  'sessionCookies',
  'secret',
  'storeUserIds',
  'storeUserNames',
  'storeUserEmails',
  'trailLevel',
  'trailSize',
  'sessionTrailSize',
  'sessionTrailClients',
  'captureBody',
  'redact',
  'sampling',
  'channel',
  'crashPage',
  'maxTrackedClients',
] as const satisfies readonly (keyof WebLogbookOptions)[];
// An option added to WebLogbookOptions and not to the list would be refused as unknown: the compiler says so here.
type UnlistedOptions = Exclude<keyof WebLogbookOptions, (typeof OPTION_NAMES)[number]>;
const _everyOptionIsListed: Record<UnlistedOptions, never> = {};

/** A cookie name as RFC 6265 allows it: one a Cookie header can carry. */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value instanceof RegExp) return String(value);
  // Each entry as itself: JSON would show a regular expression in a list as {}.
  if (Array.isArray(value)) return `[${(value as unknown[]).map(shown).join(', ')}]`;
  return JSON.stringify(value) ?? String(value);
}

/**
 * `value` as an object whose keys are among `keys` (undefined stays undefined); `example` is what to write.
 * A list or a string is refused here, else its indexes would read as unknown keys or it would pass as no options.
 */
function section(
  value: unknown,
  name: string,
  keys: readonly string[],
  example: string,
): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebOptionsError(`${name} must be an object such as ${example}, got ${shown(value)}.`);
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) {
      throw new WebOptionsError(
        `${name} has no option "${key}": its options are ${keys.join(', ')} (such as ${example}).`,
      );
    }
  }
  return value as Record<string, unknown>;
}

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  // A string such as 'false' (read from the environment) would count as true.
  if (typeof value !== 'boolean')
    throw new WebOptionsError(`${name} must be true or false, got ${shown(value)}.`);
  return value;
}

function text(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'string') {
    throw new WebOptionsError(`${name} must be a string, got ${shown(value)}.`);
  }
}

/** A list of strings each `valid` says is one, or the fallback; a lone string is refused, not read letter by letter. */
function list(
  value: unknown,
  name: string,
  fallback: readonly string[],
  what: string,
  valid: (entry: string) => boolean,
): readonly string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value)) {
    throw new WebOptionsError(`${name} must be a list of ${what}, got ${shown(value)}.`);
  }
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'string' || !valid(entry)) {
      throw new WebOptionsError(`${name} must be a list of ${what}, got ${shown(entry)} in it.`);
    }
  }
  return value as readonly string[];
}

function count(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new WebOptionsError(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function rate(value: unknown, name: string): number {
  if (value === undefined) return 1;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new WebOptionsError(
      `${name} must be a share between 0 (drop all) and 1 (keep all), got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** The redaction options, each checked: a lone string for `keys` would add one key per letter. */
function redaction(value: unknown): RedactOptions {
  const redact = section(
    value,
    'redact',
    ['keys', 'values', 'defaults', 'replacement'],
    "{ keys: ['ssn', /^x-internal-/] }",
  );
  if (redact === undefined) return {};
  const { keys, values } = redact;
  if (
    keys !== undefined &&
    (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' || k instanceof RegExp))
  ) {
    throw new WebOptionsError(
      `redact.keys must be a list of names or regular expressions such as ['ssn', /^x-internal-/], got ${shown(keys)}.`,
    );
  }
  if (values !== undefined && (!Array.isArray(values) || !values.every((v) => v instanceof RegExp))) {
    throw new WebOptionsError(
      `redact.values must be a list of regular expressions such as [/\\b\\d{16}\\b/g], got ${shown(values)}.`,
    );
  }
  flag(redact.defaults, 'redact.defaults', true);
  text(redact.replacement, 'redact.replacement');
  return redact;
}

export function resolveOptions(options: WebLogbookOptions = {}, env = process.env): ResolvedOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WebOptionsError(
      `createWebLogbook() takes an options object such as { app: { name: 'shop' } }, got ${shown(options)}.`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new WebOptionsError(
        `createWebLogbook() has no option "${key}": its options are ${OPTION_NAMES.join(', ')}.`,
      );
    }
  }
  const appOptions = section(
    options.app,
    'app',
    ['name', 'version', 'env'],
    "{ name: 'shop', version: '1.2.0' }",
  );
  for (const key of ['name', 'version', 'env']) text(appOptions?.[key], `app.${key}`);
  const appEnv = options.app?.env ?? env.NODE_ENV ?? 'development';
  // Frozen: the same object goes on every record, and a frozen one is serialised once (logbook caches it).
  const app = options.app === undefined ? undefined : Object.freeze({ ...options.app, env: appEnv });
  const header = options.requestIdHeader ?? 'x-request-id';
  if (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header)) {
    throw new WebOptionsError(
      `requestIdHeader must be a header name such as 'x-request-id', got ${String(header)}.`,
    );
  }
  const proxyHeader = options.proxyHeader;
  if (proxyHeader !== undefined && !(PROXY_HEADERS as readonly unknown[]).includes(proxyHeader)) {
    throw new WebOptionsError(
      `proxyHeader must be one of ${PROXY_HEADERS.map((h) => `'${h}'`).join(', ')} (the header your proxy ` +
        `writes the client's address in, in lower case), got ${JSON.stringify(proxyHeader)}.`,
    );
  }
  const secret = options.secret ?? env.LOGBOOK_SECRET ?? randomBytes(32).toString('hex');
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new WebOptionsError(
      'secret must be a string of at least 16 characters (it keys the pseudonyms of users and sessions); ' +
        'generate one with `openssl rand -hex 32`.',
    );
  }
  let trailLevel: number;
  try {
    trailLevel = toLevel(options.trailLevel ?? Level.DEBUG);
  } catch (error) {
    throw new WebOptionsError(`trailLevel: ${(error as Error).message}`);
  }
  const capture =
    options.captureBody === false
      ? false
      : section(options.captureBody, 'captureBody', ['limit'], '{ limit: 8192 }, or false for no bodies');
  const bodyLimit = capture === false ? 0 : count(capture?.limit, 'captureBody.limit', 8192, 0);
  const sampling = section(
    options.sampling,
    'sampling',
    ['health', 'static', 'healthPaths'],
    '{ health: 0.1 }',
  );
  const channel = options.channel ?? 'http';
  if (typeof channel !== 'string' || channel === '') {
    throw new WebOptionsError(
      `channel must be a non-empty string such as 'http', got ${JSON.stringify(channel)}.`,
    );
  }
  if (options.crashPage !== undefined && typeof options.crashPage !== 'function') {
    throw new WebOptionsError(
      'crashPage must be a function ({ ref, requestId, json }) => { contentType, body }.',
    );
  }
  return {
    app,
    appInfo: app ?? { env: appEnv },
    proxies: new TrustedProxies(options.trustProxy),
    proxyHeader,
    trustRequestId: flag(options.trustRequestId, 'trustRequestId', true),
    requestIdHeader: header.toLowerCase(),
    sessionCookies: list(
      options.sessionCookies,
      'sessionCookies',
      DEFAULT_SESSION_COOKIES,
      "cookie names such as ['connect.sid']",
      (name) => COOKIE_NAME.test(name),
    ),
    secret,
    storeUserIds: flag(options.storeUserIds, 'storeUserIds', false),
    storeUserNames: flag(options.storeUserNames, 'storeUserNames', false),
    storeUserEmails: flag(options.storeUserEmails, 'storeUserEmails', false),
    trailLevel,
    trailSize: count(options.trailSize, 'trailSize', 100, 1),
    sessionTrailSize: count(options.sessionTrailSize, 'sessionTrailSize', 20, 0),
    sessionTrailClients: count(options.sessionTrailClients, 'sessionTrailClients', 5000, 1),
    bodyLimit,
    redact: redaction(options.redact),
    healthPaths: new Set(
      list(
        sampling?.healthPaths,
        'sampling.healthPaths',
        DEFAULT_HEALTH_PATHS,
        "paths such as ['/health'] (a request's path, from its first /)",
        (path) => path.startsWith('/'),
      ),
    ),
    healthRate: rate(sampling?.health, 'sampling.health'),
    staticRate: rate(sampling?.static, 'sampling.static'),
    channel,
    crashPage: options.crashPage,
    maxTrackedClients: count(options.maxTrackedClients, 'maxTrackedClients', 10_000, 1),
  };
}
