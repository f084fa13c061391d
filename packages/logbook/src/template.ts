// Message templates with named (`{user}`) and positional (`{0}`) holes. A template is parsed once and
// cached; rendering never throws: a missing value renders as `{name?}` so the record still lands.

/**
 * The fields a template's holes read, as a literal type: `'User {user} from {ip}'` → `'user' | 'ip'`. A path
 * hole reads its first part: `'{user.name}'` → `'user'`.
 */
export type HoleNames<T extends string> = T extends `${string}{${infer Hole}}${infer Rest}`
  ? | (Hole extends `${string}{${string}` | `${string} ${string}` | '' ? never : HoleRoot<Hole>)
    | HoleNames<Rest>
  : never;

type HoleRoot<Hole extends string> = Hole extends `${infer Root}.${string}` ? Root : Hole;

/** The fields a call must pass: every hole's, except `error`, which the `{ error }` option can fill. */
type NeededFields<T extends string> = Exclude<HoleNames<T>, 'error'>;

/** Structured values passed with a message. */
export type Fields = Record<string, unknown>;

/** What the call must pass for a template: an object with every named hole, or, for `{0}`…, an array. */
export type FieldsFor<T extends string> = string extends T
  ? Fields | readonly unknown[]
  : [NeededFields<T>] extends [never]
    ? Fields
    : NeededFields<T> extends `${number}`
      ? readonly unknown[] | ({ [K in NeededFields<T>]: unknown } & Fields)
      : { [K in NeededFields<T>]: unknown } & Fields;

/** The rest parameters of a log call: fields are optional exactly when the template needs none. */
export type LogArgs<T extends string> = string extends T
  ? [fields?: Fields | readonly unknown[], options?: RecordOptions]
  : [NeededFields<T>] extends [never]
    ? [fields?: Fields, options?: RecordOptions]
    : [fields: FieldsFor<T>, options?: RecordOptions];

/** Per-call options that are not template values. */
export interface RecordOptions {
  /** Machine name of what happened (`user.login`); lower-case, dot-separated. */
  event?: string;
  /** An error to attach to the record (serialised under `error`). */
  error?: unknown;
}

/** A parsed template: literal text alternating with hole names. parts[0] is text, then hole, text, hole, … */
export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly string[];
  readonly hasHoles: boolean;
  /** Set when an untyped caller logged a value in place of a template (`log.info(object)`): the text is its. */
  readonly literal?: { readonly value: unknown };
}

/** The template of a value logged in place of one: its text, taken literally (no holes), and the value. */
export function literalTemplate(value: unknown, text: string): CompiledTemplate {
  return { source: text, parts: [text], hasHoles: false, literal: { value } };
}

const cache = new Map<string, CompiledTemplate>();
// Templates are normally literals in code; a program that builds them dynamically must not grow the cache forever.
const CACHE_LIMIT = 2000;

export function compileTemplate(source: string): CompiledTemplate {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const compiled = parseTemplate(source);
  if (cache.size < CACHE_LIMIT) cache.set(source, compiled);
  return compiled;
}

function parseTemplate(source: string): CompiledTemplate {
  if (source.indexOf('{') === -1 && source.indexOf('}') === -1) {
    return { source, parts: [source], hasHoles: false };
  }
  const parts: string[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '{' && source[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (ch === '}' && source[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (ch === '{') {
      const close = source.indexOf('}', i + 1);
      const name = close === -1 ? '' : source.slice(i + 1, close);
      if (close === -1 || !isHoleName(name)) {
        text += ch; // not a hole: keep the brace as text
        i += 1;
      } else {
        parts.push(text, name);
        text = '';
        i = close + 1;
      }
    } else {
      text += ch;
      i += 1;
    }
  }
  parts.push(text);
  return { source, parts, hasHoles: parts.length > 1 };
}

function isHoleName(name: string): boolean {
  if (name.length === 0 || name.length > 100) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 57) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 95 ||
      c === 36 ||
      c === 46;
    if (!ok) return false;
  }
  return true;
}

/** Looks a hole up in the fields: `user`, `0`, or a dotted path `user.name`. */
export function lookupHole(
  fields: Fields | readonly unknown[] | undefined,
  name: string,
  dotted: boolean = name.indexOf('.') !== -1,
): unknown {
  if (fields === undefined || fields === null) return undefined;
  if (!dotted) return own(fields, name);
  let value: unknown = fields;
  for (const key of name.split('.')) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
    value = own(value, key);
  }
  return value;
}

/**
 * `holder[key]`, but not what every object inherits: `{constructor}` or `{toString}` without such a field is a
 * missing value, not `[Function: Object]`. Inherited members are functions, apart from `__proto__`, so only
 * those two cases pay for the own-property check.
 */
function own(holder: object, key: string): unknown {
  const value = (holder as Record<string, unknown>)[key];
  if ((typeof value === 'function' || key === '__proto__') && !Object.hasOwn(holder, key)) return undefined;
  return value;
}

/**
 * A template's literal text as JSON string pieces, for formatters that write the message as JSON:
 * `first` opens the string (with the quote), `rest[i]` follows hole `names[i]` (the last one closes the
 * string). Pieces may be pre-converted (UTF-8 byte strings).
 */
export interface JsonTemplate {
  readonly first: string;
  readonly rest: readonly string[];
  readonly names: readonly string[];
  /** Whether names[i] is a dotted path (worked out once, not for every record). */
  readonly dotted: readonly boolean[];
}

/** The JSON pieces of a template; `convert` (e.g. to UTF-8 bytes) is applied to each escaped piece. */
export function jsonTemplate(template: CompiledTemplate, convert: (text: string) => string): JsonTemplate {
  const parts = template.parts;
  const last = parts.length - 1;
  const piece = (i: number): string => {
    const json = JSON.stringify(parts[i]!);
    return convert((i === 0 ? '"' : '') + json.slice(1, -1) + (i === last ? '"' : ''));
  };
  const rest: string[] = [];
  const names: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    names.push(parts[i]!);
    rest.push(piece(i + 1));
  }
  return { first: piece(0), rest, names, dotted: names.map((name) => name.indexOf('.') !== -1) };
}

/**
 * The rendered message as JSON text, from pieces made by jsonTemplate(): the same text as quoting the
 * rendered message, without escaping or converting it as a whole. Undefined when some value's text is
 * not plain printable ASCII (it would need escaping or converting): the caller then quotes the message.
 * `stringify` must write strings as they are and numbers as `'' + n` (as toText does): those two, most
 * values, are written here without the call.
 */
export function renderTemplateJson(
  json: JsonTemplate,
  fields: Fields | readonly unknown[] | undefined,
  stringify: (value: unknown) => string,
): string | undefined {
  const names = json.names;
  const rest = json.rest;
  let out = json.first;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = holeValue(fields, name, json.dotted[i]);
    if (typeof value === 'number') {
      out += value + rest[i]!; // digits, '.', 'e', '+', '-', NaN, Infinity: nothing to escape
      continue;
    }
    const text = typeof value === 'string' ? value : holeText(value, name, stringify);
    for (let j = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c < 32 || c === 34 || c === 92 || c > 126) return undefined;
    }
    out += text + rest[i]!;
  }
  return out;
}

/** One hole's value; a throwing getter reads as missing rather than losing the record. */
function holeValue(fields: Fields | readonly unknown[] | undefined, name: string, dotted?: boolean): unknown {
  try {
    return lookupHole(fields, name, dotted);
  } catch {
    return undefined;
  }
}

/** One hole's text: its value through `stringify`, or `{name?}` when the value is missing. */
function holeText(value: unknown, name: string, stringify: (value: unknown) => string): string {
  return value === undefined ? `{${name}?}` : stringify(value);
}

/** Renders a template. `stringify` turns one value into text; it must not throw. */
export function renderTemplate(
  template: CompiledTemplate,
  fields: Fields | readonly unknown[] | undefined,
  stringify: (value: unknown) => string,
): string {
  const parts = template.parts;
  if (!template.hasHoles) return parts[0]!;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += holeText(holeValue(fields, name), name, stringify) + parts[i + 1]!;
  }
  return out;
}
