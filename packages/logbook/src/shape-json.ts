// JSON for flat objects whose keys come from a list known in advance, such as the request part of an
// access record: the same text as toJson(), without the general writer's checks and key look-ups.
// Anything else — an unknown or reordered key, a nested value, text that needs escaping — is declined
// (undefined), and the caller falls back to toJson().

import { isPlain } from './serialize.js';

/** Writes an object's JSON when its shape is the known one; undefined when it is not. */
export type ShapeJsonWriter = (value: object) => string | undefined;

/**
 * A writer for plain objects whose own keys are some of `keys`, in that order, with string, number,
 * boolean or undefined values (undefined ones are left out, as JSON does). Keys must be printable ASCII.
 */
export function shapeJsonWriter(keys: readonly string[]): ShapeJsonWriter {
  for (const key of keys) {
    if (!isPlain(key)) {
      throw new TypeError(
        `shapeJsonWriter takes printable ASCII keys without quotes or backslashes, got ${JSON.stringify(key)}.`,
      );
    }
  }
  const list = [...keys];
  const count = list.length;
  // Every join of a key with what comes before and after it, so that a value is one join: `{"id":"`
  // opens the object and a string, `","path":"` closes the string before and opens the next one.
  const first = list.map((key) => `{"${key}":`);
  const next = list.map((key) => `,"${key}":`);
  const firstQ = first.map((prefix) => prefix + '"');
  const nextQ = next.map((prefix) => prefix + '"');
  const closeNext = next.map((prefix) => '"' + prefix);
  const closeNextQ = next.map((prefix) => '"' + prefix + '"');
  return (value: object): string | undefined => {
    // A class instance, an error or a null-prototype object is the general writer's business.
    if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
    // for-in lists inherited enumerable keys too, after the object's own; a plain object has none unless
    // someone added one to Object.prototype — then the general writer, which skips them, takes over.
    // Checked once here instead of a hasOwnProperty call per key.
    if (prototypeHasEnumerableKeys()) return undefined;
    let out = '';
    let k = 0;
    let open = false; // the last value was a string whose closing quote is still to come
    try {
      for (const key in value) {
        if (list[k] !== key) {
          // An optional key was left out: look further down the list (never back).
          do k++;
          while (k < count && list[k] !== key);
          // >=, not ===: after the list's last key k is already count, and the loop above steps past it
          // (a key beyond the list's end was written as `undefined` into the line).
          if (k >= count) return undefined;
        }
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'string') {
          // What isPlain() checks, inline: this loop is most of the work.
          for (let i = 0; i < item.length; i++) {
            const c = item.charCodeAt(i);
            if (c < 32 || c === 34 || c === 92 || c > 126) return undefined;
          }
          out += (out === '' ? firstQ[k]! : open ? closeNextQ[k]! : nextQ[k]!) + item;
          open = true;
        } else {
          let text: string;
          if (typeof item === 'number') {
            if (item - item !== 0) return undefined; // NaN and ±Infinity: written as strings by toJson
            text = '' + item;
          } else if (typeof item === 'boolean') text = item ? 'true' : 'false';
          else if (item === undefined) continue;
          else return undefined;
          out += (out === '' ? first[k]! : open ? closeNext[k]! : next[k]!) + text;
          open = false;
        }
        k++;
      }
    } catch {
      return undefined; // a throwing getter: the general writer shows what it threw
    }
    return out === '' ? '{}' : out + (open ? '"}' : '}');
  };
}

function prototypeHasEnumerableKeys(): boolean {
  let found = false;
  for (const key in Object.prototype) {
    found = key !== undefined;
    break;
  }
  return found;
}
