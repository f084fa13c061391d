// JSON for values of any shape. Logging must never throw because of what it was handed, so this
// writer tolerates cycles, BigInt, Map/Set, Buffers, throwing getters and toJSON methods that throw.

import { MAX_ENTRIES } from './entry-limit.js';
import { functionText, isErrorLike, thrownMark, toErrorInfo } from './error-info.js';

export { MAX_ENTRIES };

const MAX_DEPTH = 10;

// JSON of frozen objects whose own properties are all plain data with primitive values: they cannot
// change, and such objects are often logged again and again (a classified client, the app's name).
const frozenJson = new WeakMap<object, string>();

// The objects being written right now, outermost first, for cycle detection: one array for the process
// instead of one per call. `base` is where the current toJson call's part starts, so a toJson called from
// a getter or toJSON method during another one does not take its caller's objects for its own.
const ancestors: object[] = [];
let base = 0;

// Set when JSON text written since the last takeNonAscii() may hold a character outside ASCII. The file
// handler writes lines as UTF-8 byte strings (writer/byte-string.ts): only the pieces that set this need
// converting, and for most records none does.
let nonAscii = false;

/** Whether JSON written since the previous call may hold non-ASCII characters; clears the flag. */
export function takeNonAscii(): boolean {
  const seen = nonAscii;
  nonAscii = false;
  return seen;
}

/** Serialises any value to valid JSON text. `undefined` at the top becomes `null`. */
export function toJson(value: unknown): string {
  return toJsonOrOmit(value) ?? 'null';
}

/**
 * Like toJson(), but undefined where JSON leaves the value out of an object (undefined, an object whose
 * toJSON() returns undefined): a record omits such a key instead of writing `null`.
 */
export function toJsonOrOmit(value: unknown): string | undefined {
  const outerBase = base;
  base = ancestors.length;
  try {
    return write(value, 0);
  } catch (error) {
    return quote(thrownMark(error)); // a Proxy whose traps throw where nothing above guards
  } finally {
    base = outerBase; // every push is popped on the way out (finally blocks below)
  }
}

// Returns undefined for values that JSON omits from objects (undefined).
function write(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? '' + value : '"' + String(value) + '"';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'bigint':
      return `"${value.toString()}"`;
    case 'symbol':
      return quote(value.description ?? 'Symbol()');
    case 'function':
      return quote(functionText(value as () => unknown));
  }
  if (value === null) return 'null';
  return writeObject(value as object, depth);
}

// Undefined when the object's toJSON() returns undefined: JSON leaves such a value out, as JSON.stringify does.
function writeObject(value: object, depth: number): string | undefined {
  if (ancestors.indexOf(value, base) !== -1) return '"[Circular]"';
  if (depth >= MAX_DEPTH) return '"[Depth limit]"';
  // A frozen plain object written before (a classified client, the app) is written as then: frozen, it
  // can have changed neither its data nor its prototype. Looked up first, before the checks below.
  const cached = frozenJson.get(value);
  if (cached !== undefined) return cached;
  // Plain objects (most fields) are none of the special kinds below: skip the checks for them.
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(value);
  } catch (error) {
    return quote(thrownMark(error)); // a revoked Proxy throws on any inspection
  }
  if (proto === Object.prototype || proto === null) return writePlainObject(value, depth);
  // An ordinary array (a signals list, tags) is none of the kinds below either: neither an Error
  // (its prototype chain is Array's) nor a native error object.
  if (proto === Array.prototype && Array.isArray(value)) {
    ancestors.push(value);
    try {
      return writeArray(value as unknown[], depth);
    } finally {
      ancestors.pop();
    }
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? '"Invalid Date"' : `"${value.toISOString()}"`;
  }
  if (ArrayBuffer.isView(value)) return quote(`[${value.constructor.name} ${value.byteLength} bytes]`);
  if (value instanceof ArrayBuffer) return `"[ArrayBuffer ${value.byteLength} bytes]"`;
  if (value instanceof RegExp) return quote(String(value));
  ancestors.push(value);
  try {
    if (isErrorLike(value)) return write(toErrorInfo(value), depth) ?? 'null';
    if (Array.isArray(value)) return writeArray(value, depth);
    if (value instanceof Map) return writeMap(value, depth);
    if (value instanceof Set) return writeArray(firstEntries(value), depth, value.size);
    const toJSON = readProperty(value, 'toJSON');
    return writeWithToJSON(value, toJSON, depth);
  } finally {
    ancestors.pop();
  }
}

function writePlainObject(value: object, depth: number): string | undefined {
  // (writeObject has looked the object up in frozenJson already.)
  const frozen = Object.isFrozen(value);
  ancestors.push(value);
  try {
    if (isErrorLike(value)) return write(toErrorInfo(value), depth) ?? 'null';
    let toJSON: unknown;
    try {
      // A named load of its own (not readProperty's keyed one): V8 caches "no such property" per shape.
      toJSON = (value as { toJSON?: unknown }).toJSON;
    } catch (error) {
      toJSON = thrownMark(error);
    }
    if (frozen && toJSON === undefined) return writeFrozen(value, depth);
    return writeWithToJSON(value, toJSON, depth);
  } finally {
    ancestors.pop();
  }
}

function writeFrozen(value: object, depth: number): string {
  const outerNonAscii = nonAscii;
  nonAscii = false;
  const json = writePlain(value, depth);
  // Kept only when nothing in it needs converting for file output (no flag to replay on a cache hit).
  if (!nonAscii && hasOnlyPrimitiveData(value)) frozenJson.set(value, json);
  nonAscii ||= outerNonAscii;
  return json;
}

function hasOnlyPrimitiveData(value: object): boolean {
  const descriptors = Object.getOwnPropertyDescriptors(value);
  for (const key of Reflect.ownKeys(descriptors)) {
    const d = descriptors[key as string]!;
    if (d.get !== undefined || d.set !== undefined) return false;
    const v: unknown = d.value;
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) return false;
  }
  return true;
}

/**
 * An object through its own toJSON() when it has one (a throwing toJSON is shown, not thrown), else key by key.
 * A toJSON() that returns undefined leaves the value out (undefined), as JSON.stringify does.
 */
function writeWithToJSON(value: object, toJSON: unknown, depth: number): string | undefined {
  if (typeof toJSON !== 'function') return writePlain(value, depth);
  try {
    return write(toJSON.call(value), depth + 1);
  } catch (error) {
    return quote(thrownMark(error));
  }
}

/** The items, up to MAX_ENTRIES of them, then how many of `length` are left out. */
function writeArray(items: readonly unknown[], depth: number, length = items.length): string {
  const count = Math.min(items.length, MAX_ENTRIES);
  let out = '[';
  for (let i = 0; i < count; i++) {
    if (i > 0) out += ',';
    out += write(items[i], depth + 1) ?? 'null';
  }
  if (length > count) out += `,"[${length - count} more]"`;
  return out + ']';
}

/** The first MAX_ENTRIES entries of a Map or Set, read without going through the rest. */
export function firstEntries<T>(entries: Iterable<T>): T[] {
  const first: T[] = [];
  for (const entry of entries) {
    if (first.length === MAX_ENTRIES) break;
    first.push(entry);
  }
  return first;
}

// Written as an object when the keys written are all text (like an object, the first MAX_ENTRIES), else as a list
// of [key, value] pairs.
function writeMap(map: Map<unknown, unknown>, depth: number): string {
  const entries = firstEntries(map);
  if (!entries.every(([key]) => typeof key === 'string')) return writeArray(entries, depth, map.size);
  let out = '{';
  let first = true;
  for (const [key, item] of entries) {
    const text = write(item, depth + 1);
    if (text === undefined) continue;
    out += (first ? '' : ',') + quote(key as string) + ':' + text;
    first = false;
  }
  return out + '}';
}

// Always called as hasOwn.call(object, key): inside for-in, V8 turns that call into a map check.
// eslint-disable-next-line @typescript-eslint/unbound-method
const hasOwn = Object.prototype.hasOwnProperty;

function writePlain(value: object, depth: number): string {
  let out = '';
  let shape: Shape | undefined;
  let seen: string[] | undefined; // the keys, when they did not match a known shape
  let index = 0;
  let open = false; // the last value written was a string whose closing quote is still to come
  try {
    // for-in rather than Object.keys: no array per object, and V8 reads the values by field index.
    for (const key in value) {
      if (!hasOwn.call(value, key)) continue;
      if (index === MAX_ENTRIES) break;
      if (index === 0) shape = shapes.get(key);
      if (shape !== undefined && shape.keys[index] !== key) {
        seen = shape.keys.slice(0, index);
        shape = undefined;
      }
      if (shape === undefined && (seen ??= []).length <= SHAPE_MAX_KEYS) seen.push(key);
      index++;
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch (error) {
        item = thrownMark(error);
      }
      // Strings, numbers and booleans are most field values: written inline, without the general write()
      // (and with typeof compared directly, which V8 turns into type checks).
      const i = index - 1;
      let text: string;
      if (typeof item === 'string') {
        if (shape !== undefined && isPlain(item)) {
          // The value's opening quote comes with its key and its closing quote with what follows:
          // one join for the key and value instead of three.
          out += (out === '' ? shape.firstQ[i]! : open ? shape.closeNextQ[i]! : shape.nextQ[i]!) + item;
          open = true;
          continue;
        }
        text = quote(item);
      } else if (typeof item === 'number')
        text = Number.isFinite(item) ? '' + item : '"' + String(item) + '"';
      else if (typeof item === 'boolean') text = item ? 'true' : 'false';
      else if (item === undefined) continue;
      else {
        const written = write(item, depth + 1);
        if (written === undefined) continue;
        text = written;
      }
      if (shape !== undefined)
        out += (out === '' ? shape.first[i]! : open ? shape.closeNext[i]! : shape.next[i]!) + text;
      else out += (out === '' ? '{' : open ? '",' : ',') + keyPrefix(key) + text;
      open = false;
    }
  } catch (error) {
    return quote(thrownMark(error)); // e.g. a Proxy whose ownKeys trap throws
  }
  if (shape !== undefined && shape.keys.length !== index) seen = shape.keys.slice(0, index);
  if (seen !== undefined && seen.length === index && index > 0 && index <= SHAPE_MAX_KEYS) learnShape(seen);
  return out === '' ? '{}' : out + (open ? '"}' : '}');
}

/** Whether JSON writes text as it is between quotes: printable ASCII without `"` or `\\` (what quote() checks). */
export function isPlain(text: string): boolean {
  const length = text.length;
  if (length > 80) return !NOT_PLAIN.test(text);
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c > 126) return false;
  }
  return true;
}

/** JSON text of a string. Most logged strings are printable ASCII: those skip JSON.stringify. */
export function quote(text: string): string {
  const length = text.length;
  if (length > 80) return NOT_PLAIN.test(text) ? quoteSlowly(text) : '"' + text + '"';
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    // Control characters, quote, backslash, and anything beyond ASCII.
    if (c < 32 || c === 34 || c === 92 || c > 126) return quoteSlowly(text);
  }
  return '"' + text + '"';
}

function quoteSlowly(text: string): string {
  if (NON_ASCII.test(text)) nonAscii = true;
  // Surrogates go through JSON.stringify too: a lone one must be written as an escape.
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\u0000-\u001f"\\\u007f-\uffff]/;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

// Objects logged from one place have the same keys in the same order, record after record. Their JSON
// key prefixes (`{"userId":`, `,"route":`) are kept per key list, looked up by its first key (interned,
// so the lookup hashes nothing new) and checked key by key.
interface Shape {
  readonly keys: readonly string[];
  /** `{"key":` — the key opens the object. */
  readonly first: readonly string[];
  /** `,"key":` — the key follows another. */
  readonly next: readonly string[];
  /** `{"key":"` and `,"key":"`: the same, opening a string value. */
  readonly firstQ: readonly string[];
  readonly nextQ: readonly string[];
  /** `","key":` and `","key":"`: the key follows a string value, whose closing quote comes first. */
  readonly closeNext: readonly string[];
  readonly closeNextQ: readonly string[];
}

const SHAPE_CACHE_LIMIT = 2000;
// Field objects are small; a big map logged as an object goes key by key rather than fill the cache.
const SHAPE_MAX_KEYS = 64;
const shapes = new Map<string, Shape>();

function learnShape(keys: string[]): void {
  // A shape's prefixes skip quote(): keys beyond ASCII are left to keyPrefix, which flags them.
  for (const key of keys) if (NON_ASCII.test(key)) return;
  const first: string[] = [];
  const next: string[] = [];
  for (const key of keys) {
    const json = keyPrefix(key);
    first.push('{' + json);
    next.push(',' + json);
  }
  const shape: Shape = {
    keys,
    first,
    next,
    firstQ: first.map((prefix) => prefix + '"'),
    nextQ: next.map((prefix) => prefix + '"'),
    closeNext: next.map((prefix) => '"' + prefix),
    closeNextQ: next.map((prefix) => '"' + prefix + '"'),
  };
  if (shapes.size < SHAPE_CACHE_LIMIT || shapes.has(keys[0]!)) shapes.set(keys[0]!, shape);
}

// Field names repeat from record to record; their JSON form (`"userId":`) is kept, up to a limit.
const KEY_CACHE_LIMIT = 2000;
const keyPrefixes = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = quote(key) + ':';
    // Only ASCII keys are kept, so that every use of another key goes through quote() and is flagged.
    if (keyPrefixes.size < KEY_CACHE_LIMIT && !NON_ASCII.test(key)) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

function readProperty(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return thrownMark(error);
  }
}

/** How a value reads inside a rendered message: strings as they are, everything else compactly. */
export function toText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return '' + value; // the same text as String(value), without the call
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return functionText(value as () => unknown);
  }
  if (value === null) return 'null';
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (isErrorLike(value)) {
      const info = toErrorInfo(value);
      return info.message === '' ? info.name : `${info.name}: ${info.message}`;
    }
  } catch (error) {
    return thrownMark(error); // a revoked Proxy throws even on instanceof
  }
  return toJson(value);
}
