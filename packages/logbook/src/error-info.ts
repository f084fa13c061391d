import { types } from 'node:util';

// Turns anything thrown into a plain, JSON-safe description. Never throws, whatever the value:
// cause cycles, AggregateError members, throwing getters and odd `name`/`message` types are all handled.

export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
  code?: string | number;
  cause?: ErrorInfo;
  errors?: ErrorInfo[];
  fingerprint?: string;
  /** The error's own enumerable properties, other than the ones above. */
  props?: Record<string, unknown>;
}

const MAX_CAUSE_DEPTH = 8;
const MAX_AGGREGATE_MEMBERS = 50;
const KNOWN_KEYS = new Set(['name', 'message', 'stack', 'code', 'cause', 'errors']);

function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return `[Thrown: ${describeThrown(error)}]`;
  }
}

function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unprintable';
  }
}

function asText(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return fallback;
  try {
    // Whatever was thrown is shown as its own string form; that is the point here.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return String(value);
  } catch {
    return fallback;
  }
}

/**
 * A real error, also from another realm (vm, worker). Plain objects with `message` and `stack` are not:
 * an already-described error (ErrorInfo) must not be described again, or serialising it never ends.
 */
export function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

/**
 * Describes an error (or any thrown value) as plain data. `seen` guards against cause cycles. `clean`, when
 * given, is applied to a thrown value that is no error (a cause `{ headers }`) before it becomes the message
 * text: redaction passes its own walk, as the text cannot be redacted by key once written.
 */
export function toErrorInfo(
  error: unknown,
  depth = 0,
  seen: Set<unknown> = new Set(),
  clean?: (value: unknown) => unknown,
): ErrorInfo {
  if (!isErrorLike(error)) {
    // `throw 'text'` or `throw {…}`: still a record, with the value as the message.
    const value = clean === undefined ? error : clean(error);
    let message: string;
    try {
      message = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    } catch {
      message = asText(value, 'unprintable value');
    }
    return { name: 'NonError', message };
  }
  seen.add(error);
  const info: ErrorInfo = {
    name: asText(read(error, 'name'), 'Error'),
    message: asText(read(error, 'message'), ''),
  };
  const stack = read(error, 'stack');
  if (typeof stack === 'string') info.stack = stack;
  const code = read(error, 'code');
  if (typeof code === 'string' || typeof code === 'number') info.code = code;

  const cause = read(error, 'cause');
  if (cause !== undefined) {
    if (seen.has(cause)) info.cause = { name: 'Circular', message: '[Circular cause]' };
    else if (depth >= MAX_CAUSE_DEPTH) info.cause = { name: 'DepthLimit', message: '[Cause chain too deep]' };
    else info.cause = toErrorInfo(cause, depth + 1, seen, clean);
  }
  const members = read(error, 'errors');
  if (Array.isArray(members)) {
    info.errors = members
      .slice(0, MAX_AGGREGATE_MEMBERS)
      .map((member) =>
        seen.has(member)
          ? { name: 'Circular', message: '[Circular member]' }
          : toErrorInfo(member, depth + 1, seen, clean),
      );
  }
  let keys: string[] = [];
  try {
    keys = Object.keys(error);
  } catch {
    // A Proxy whose ownKeys trap throws: no extra properties to show.
  }
  for (const key of keys) {
    if (KNOWN_KEYS.has(key)) continue;
    info.props ??= {};
    info.props[key] = read(error, key);
  }
  return info;
}

/**
 * An error that toErrorInfo() describes as `info` again: what redaction puts in place of an error that held a
 * secret, so that it still reads `Name: message` in a message hole and is still written as an error.
 */
export function errorFromInfo(info: ErrorInfo): Error {
  const error = Object.create(Error.prototype) as Error;
  const own = (key: string, value: unknown, enumerable = false): void => {
    Object.defineProperty(error, key, { value, enumerable, writable: true, configurable: true });
  };
  own('name', info.name);
  own('message', info.message);
  // An error without a stack keeps none: Error.prototype has no `stack` to read instead.
  own('stack', info.stack);
  if (info.code !== undefined) own('code', info.code, true);
  if (info.cause !== undefined) own('cause', errorFromInfo(info.cause));
  if (info.errors !== undefined) own('errors', info.errors.map(errorFromInfo));
  if (info.fingerprint !== undefined) own('fingerprint', info.fingerprint, true);
  for (const key of Object.keys(info.props ?? {})) own(key, info.props![key], true);
  return error;
}

/** One line for text output: `TypeError: x is not a function`. */
export function errorSummary(error: unknown): string {
  const info = isErrorLike(error) ? toErrorInfo(error) : undefined;
  if (info === undefined) return asText(error, 'unprintable value');
  return info.message === '' ? info.name : `${info.name}: ${info.message}`;
}
