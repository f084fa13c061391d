import { types } from 'node:util';
import { MAX_ENTRIES } from './entry-limit.js';

// Turns anything thrown into a plain, JSON-safe description. Never throws, whatever the value:
// cause cycles, AggregateError members, throwing getters and odd `name`/`message` types are all handled.

export interface ErrorInfo {
  name: string;
  message: string;
  stack?: string;
  code?: string | number;
  cause?: ErrorInfo;
  errors?: ErrorInfo[];
  /** How many AggregateError members after the first MAX_AGGREGATE_MEMBERS were left out of `errors`. */
  errors_omitted?: number;
  fingerprint?: string;
  /** The error's own enumerable properties, other than the ones above: the first MAX_ENTRIES of them. */
  props?: Record<string, unknown>;
}

// The deepest a description of its own sits (see toErrorInfo). Its cause goes one level deeper and a member two, so
// a DepthLimit stand-in in their place is at most at 9, the last level at which the serialiser writes an object.
const MAX_INFO_DEPTH = 7;
const MAX_AGGREGATE_MEMBERS = 50;
const KNOWN_KEYS = new Set(['name', 'message', 'stack', 'code', 'cause', 'errors']);

function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return thrownMark(error);
  }
}

function describeThrown(error: unknown): string {
  try {
    // Always text: an error's message can be anything (a revoked Proxy, whose String() throws too: caught below).
    if (error instanceof Error) {
      const message: unknown = error.message;
      return typeof message === 'string' ? message : String(message);
    }
    return String(error);
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
 * Never throws: a revoked Proxy, or one whose getPrototypeOf trap throws, is no error (see errorTest).
 */
export function isErrorLike(value: unknown): value is Error {
  // errorTest()'s check without its result object: this runs for every object the serialiser writes.
  try {
    return value instanceof Error || types.isNativeError(value);
  } catch {
    return false;
  }
}

/**
 * Whether `value` is an error, or what asking threw: `instanceof` runs a Proxy's getPrototypeOf trap, and throws
 * on a revoked Proxy. Such a value can only be shown as `[Thrown: …]`, as the serialiser shows a throwing getter.
 */
export function errorTest(value: unknown): boolean | { readonly threw: unknown } {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return value instanceof Error || types.isNativeError(value);
  } catch (error) {
    return { threw: error };
  }
}

/** `[Thrown: reason]`: how a value whose reading threw is shown (the serialiser writes the same). */
export function thrownMark(error: unknown): string {
  return `[Thrown: ${describeThrown(error)}]`;
}

/**
 * Describes an error (or any thrown value) as plain data. `seen` guards against cause cycles. `clean`, when
 * given, is applied to a thrown value that is no error (a cause `{ headers }`) before it becomes the message
 * text: redaction passes its own walk, as the text cannot be redacted by key once written.
 *
 * `depth` is how deep the description sits in the JSON written for it (0: the record's `error`). A cause sits
 * one level deeper, an AggregateError member two (inside `errors`); the serialiser writes an object deeper
 * than 10 levels as a string, which the record schema refuses where an error must be, so a description ends
 * with a `DepthLimit` stand-in.
 */
export function toErrorInfo(
  error: unknown,
  depth = 0,
  seen: Set<unknown> = new Set(),
  clean?: (value: unknown) => unknown,
): ErrorInfo {
  const kind = errorTest(error);
  // A revoked Proxy, or one whose getPrototypeOf trap throws: nothing of it can be read.
  if (typeof kind === 'object') return { name: 'NonError', message: thrownMark(kind.threw) };
  if (!kind) return nonErrorInfo(error, clean);
  seen.add(error);
  const target = error as object;
  const info: ErrorInfo = {
    name: asText(read(target, 'name'), 'Error'),
    message: asText(read(target, 'message'), ''),
  };
  const stack = read(target, 'stack');
  if (typeof stack === 'string') info.stack = stack;
  const code = read(target, 'code');
  if (typeof code === 'string' || typeof code === 'number') info.code = code;

  const cause = read(target, 'cause');
  if (cause !== undefined) {
    if (seen.has(cause)) info.cause = { name: 'Circular', message: '[Circular cause]' };
    else if (depth + 1 > MAX_INFO_DEPTH)
      info.cause = { name: 'DepthLimit', message: '[Cause chain too deep]' };
    else info.cause = toErrorInfo(cause, depth + 1, seen, clean);
  }
  const aggregate = aggregateMembers(read(target, 'errors'));
  if (aggregate !== undefined) {
    const { members, omitted } = aggregate;
    info.errors = members.map((member) =>
      seen.has(member)
        ? { name: 'Circular', message: '[Circular member]' }
        : depth + 2 > MAX_INFO_DEPTH
          ? { name: 'DepthLimit', message: '[Members nested too deep]' }
          : toErrorInfo(member, depth + 2, seen, clean),
    );
    // Said outright, so that a reader of the record knows errors are missing rather than counting 50.
    if (omitted > 0) info.errors_omitted = omitted;
  }
  addProps(info, target);
  return info;
}

// Always called as hasOwn.call(object, key).
// eslint-disable-next-line @typescript-eslint/unbound-method
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The error's own enumerable properties not shown above, in `props`: the first MAX_ENTRIES of them, as the
 * serialiser writes an object's keys. An error given a million properties would otherwise take seconds to
 * describe, each time it is written.
 */
function addProps(info: ErrorInfo, target: object): void {
  let count = 0;
  try {
    // With the own-key check, for-in visits what Object.keys lists; no value after the cut is read or copied.
    for (const key in target) {
      if (!hasOwn.call(target, key)) continue;
      // Shown above, so not again here; but a `code` that is no text or number, and an `errors` that is no list
      // (a validation error's errors by field), are shown nowhere above: they are kept with the other properties.
      if (
        KNOWN_KEYS.has(key) &&
        !(key === 'code' && info.code === undefined) &&
        !(key === 'errors' && !info.errors)
      )
        continue;
      if (count === MAX_ENTRIES) break;
      setProp((info.props ??= {}), key, read(target, key));
      count++;
    }
  } catch {
    // A Proxy whose ownKeys trap throws: no (further) properties to show.
  }
}

/** `throw 'text'` or `throw {…}`: still a record, with the value as the message. */
function nonErrorInfo(error: unknown, clean: ((value: unknown) => unknown) | undefined): ErrorInfo {
  let value = error;
  if (clean !== undefined) {
    try {
      value = clean(error);
    } catch (why) {
      return { name: 'NonError', message: thrownMark(why) }; // not shown unredacted
    }
  }
  let message: string;
  try {
    // A function as every output writes one: its source (String()) can be long and hold anything.
    message =
      typeof value === 'string'
        ? value
        : typeof value === 'function'
          ? functionText(value as () => unknown)
          : (JSON.stringify(value) ?? String(value));
  } catch {
    message = asText(value, 'unprintable value');
  }
  return { name: 'NonError', message };
}

/**
 * An AggregateError's members (at most MAX_AGGREGATE_MEMBERS) and how many more it has, or undefined when
 * `errors` is no readable array.
 */
function aggregateMembers(value: unknown): { members: unknown[]; omitted: number } | undefined {
  try {
    if (!Array.isArray(value)) return undefined; // throws for a revoked Proxy
    const members: unknown[] = [];
    const length = value.length;
    const count = Math.min(length, MAX_AGGREGATE_MEMBERS);
    for (let i = 0; i < count; i++) members.push(read(value, String(i)));
    return { members, omitted: length - count };
  } catch {
    return undefined;
  }
}

/**
 * Sets one of the error's own properties on `props` as data. An own `toJSON` function would be called by every
 * JSON writer in place of `props` (`"props":"[Thrown: …]"`, or whatever it returns, where the schema wants an
 * object): it is written as the serialiser writes any function. `__proto__` is made an own key, not the prototype.
 */
function setProp(props: Record<string, unknown>, key: string, value: unknown): void {
  if (key === 'toJSON' && typeof value === 'function') value = functionText(value as () => unknown);
  if (key === '__proto__') {
    Object.defineProperty(props, key, { value, enumerable: true, writable: true, configurable: true });
  } else props[key] = value;
}

/** `[Function name]`, how a function is written; its `name` read guarded (a getter can throw, or be no text). */
export function functionText(fn: (...args: never[]) => unknown): string {
  let name: unknown;
  try {
    name = fn.name;
  } catch {
    name = '';
  }
  return `[Function ${typeof name === 'string' && name !== '' ? name : 'anonymous'}]`;
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
  if (info.errors !== undefined) {
    // The left-out members stay counted: the array is as long as the original one, its tail empty, so that
    // describing this error again says as many were omitted.
    const errors: Error[] = info.errors.map(errorFromInfo);
    errors.length += info.errors_omitted ?? 0;
    own('errors', errors);
  }
  for (const key of Object.keys(info.props ?? {})) own(key, info.props![key], true);
  return error;
}

/** One line for text output: `TypeError: x is not a function`. */
export function errorSummary(error: unknown): string {
  const kind = errorTest(error);
  if (typeof kind === 'object') return thrownMark(kind.threw);
  if (!kind) return asText(error, 'unprintable value');
  const info = toErrorInfo(error);
  return info.message === '' ? info.name : `${info.name}: ${info.message}`;
}
