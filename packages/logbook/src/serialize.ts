// JSON for values of any shape. Logging must never throw because of what it was handed, so this
// writer tolerates cycles, BigInt, Map/Set, Buffers, throwing getters and toJSON methods that throw.

import { isErrorLike, toErrorInfo } from './error-info.js';

const MAX_DEPTH = 10;
const MAX_ENTRIES = 1000;

/** Serialises any value to valid JSON text. `undefined` at the top becomes `null`. */
export function toJson(value: unknown): string {
  return write(value, 0, []) ?? 'null';
}

// Returns undefined for values that JSON omits from objects (undefined).
function write(value: unknown, depth: number, ancestors: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'bigint':
      return `"${value.toString()}"`;
    case 'symbol':
      return JSON.stringify(value.description ?? 'Symbol()');
    case 'function':
      return JSON.stringify(`[Function ${value.name || 'anonymous'}]`);
  }
  if (value === null) return 'null';
  return writeObject(value as object, depth, ancestors);
}

function writeObject(value: object, depth: number, ancestors: object[]): string {
  if (ancestors.includes(value)) return '"[Circular]"';
  if (depth >= MAX_DEPTH) return '"[Depth limit]"';
  // Plain objects (most fields) are none of the special kinds below: skip the checks for them.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return writePlainObject(value, depth, ancestors);
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? '"Invalid Date"' : `"${value.toISOString()}"`;
  }
  if (ArrayBuffer.isView(value)) return `"[${value.constructor.name} ${value.byteLength} bytes]"`;
  if (value instanceof ArrayBuffer) return `"[ArrayBuffer ${value.byteLength} bytes]"`;
  if (value instanceof RegExp) return JSON.stringify(String(value));
  ancestors.push(value);
  try {
    if (isErrorLike(value)) return write(toErrorInfo(value), depth, ancestors) ?? 'null';
    if (Array.isArray(value)) return writeArray(value, depth, ancestors);
    if (value instanceof Map) return writeMap(value, depth, ancestors);
    if (value instanceof Set) return writeArray([...value], depth, ancestors);
    const toJSON = readProperty(value, 'toJSON');
    if (typeof toJSON === 'function') {
      try {
        return write(toJSON.call(value), depth + 1, ancestors) ?? 'null';
      } catch (error) {
        return JSON.stringify(`[Thrown: ${thrownText(error)}]`);
      }
    }
    return writePlain(value, depth, ancestors);
  } finally {
    ancestors.pop();
  }
}

function writePlainObject(value: object, depth: number, ancestors: object[]): string {
  ancestors.push(value);
  try {
    if (isErrorLike(value)) return write(toErrorInfo(value), depth, ancestors) ?? 'null';
    const toJSON = readProperty(value, 'toJSON');
    if (typeof toJSON === 'function') {
      try {
        return write(toJSON.call(value), depth + 1, ancestors) ?? 'null';
      } catch (error) {
        return JSON.stringify(`[Thrown: ${thrownText(error)}]`);
      }
    }
    return writePlain(value, depth, ancestors);
  } finally {
    ancestors.pop();
  }
}

function writeArray(items: readonly unknown[], depth: number, ancestors: object[]): string {
  const count = Math.min(items.length, MAX_ENTRIES);
  let out = '[';
  for (let i = 0; i < count; i++) {
    if (i > 0) out += ',';
    out += write(items[i], depth + 1, ancestors) ?? 'null';
  }
  if (items.length > count) out += `,"[${items.length - count} more]"`;
  return out + ']';
}

function writeMap(map: Map<unknown, unknown>, depth: number, ancestors: object[]): string {
  const allStringKeys = [...map.keys()].every((key) => typeof key === 'string');
  if (!allStringKeys) return writeArray([...map.entries()], depth, ancestors);
  let out = '{';
  let first = true;
  for (const [key, item] of map) {
    const text = write(item, depth + 1, ancestors);
    if (text === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + text;
    first = false;
  }
  return out + '}';
}

function writePlain(value: object, depth: number, ancestors: object[]): string {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch (error) {
    return JSON.stringify(`[Thrown: ${thrownText(error)}]`); // e.g. a Proxy whose ownKeys trap throws
  }
  let out = '{';
  let first = true;
  const count = Math.min(keys.length, MAX_ENTRIES);
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    const item = readProperty(value, key);
    // Strings, numbers and booleans are most field values: written inline, without the general write().
    let text: string | undefined;
    switch (typeof item) {
      case 'string':
        text = JSON.stringify(item);
        break;
      case 'number':
        text = Number.isFinite(item) ? String(item) : `"${String(item)}"`;
        break;
      case 'boolean':
        text = item ? 'true' : 'false';
        break;
      case 'undefined':
        continue;
      default:
        text = write(item, depth + 1, ancestors);
        if (text === undefined) continue;
    }
    out += (first ? '' : ',') + keyPrefix(key) + text;
    first = false;
  }
  return out + '}';
}

// Field names repeat from record to record; their JSON form (`"userId":`) is kept, up to a limit.
const KEY_CACHE_LIMIT = 2000;
const keyPrefixes = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = JSON.stringify(key) + ':';
    if (keyPrefixes.size < KEY_CACHE_LIMIT) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

function readProperty(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return `[Thrown: ${thrownText(error)}]`;
  }
}

function thrownText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unprintable';
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
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (isErrorLike(value)) {
    const info = toErrorInfo(value);
    return info.message === '' ? info.name : `${info.name}: ${info.message}`;
  }
  return toJson(value);
}
