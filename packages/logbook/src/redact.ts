// Replaces secrets in a record's fields and context with '[redacted]' before any handler writes them.
// Keys are matched by name at any depth (password, token, authorization, cookie, …); values can also be
// matched by pattern. The caller's objects are never modified: changed branches are copied.

import { errorFromInfo, isErrorLike, thrownMark, toErrorInfo, type ErrorInfo } from './error-info.js';
import { Processor } from './processor.js';
import type { LogRecord } from './record.js';
import { MAX_ENTRIES, firstEntries, toText } from './serialize.js';
import { literalTemplate, type Fields } from './template.js';
import { SecretHoles } from './secret-holes.js';
import { textSourceOf } from './text-source.js';

export interface RedactOptions {
  /** More key names (matched like the defaults: case and `-`/`_` ignored) or patterns on the key. */
  keys?: readonly (string | RegExp)[];
  /** Patterns on string values; each match is replaced. Use the g flag to replace every match. */
  values?: readonly RegExp[];
  /** Keep the built-in key list (default true). */
  defaults?: boolean;
  /** What secrets are replaced with (default '[redacted]'). */
  replacement?: string;
}

export const REDACTED = '[redacted]';

/** Key names redacted by default, normalised (lower case, no separators). */
export const DEFAULT_SECRET_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'apikey',
  'xapikey',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'clientsecret',
  'privatekey',
  'sessionid',
  // Session cookies by their frameworks' names (connect.sid, PHPSESSID, JSESSIONID, ASP.NET_SessionId,
  // koa.sess). Not plain `session`: @logbook/web writes its pseudonymised session id under that key.
  'sid',
  'sessid',
  'connectsid',
  'phpsessid',
  'jsessionid',
  'aspnetsessionid',
  'koasess',
  'koasesssig',
  // Request signatures (webhooks, signed URLs), CSRF values and one-time codes.
  'sig',
  'xhubsignature256',
  'csrf',
  'xsrf',
  'xcsrf',
  'xxsrf',
  'otp',
  'totp',
  'hotp',
  'otpcode',
  'mfacode',
  // Credentials as a whole object or a bare value.
  'auth',
  'bearer',
  'jwt',
  'credential',
  'credentials',
  'encryptionkey',
  'signingkey',
  // Identity and payment numbers.
  'ssn',
  'iban',
  'creditcard',
  'cardnumber',
  'cvv',
  'cvc',
];
// A key ending in one of these is a secret too: dbPassword, csrf_token, stripeSecret, x-api-key,
// stripe-signature, gpg_passphrase, ssh_private_key, aws_secret_access_key. Words that merely contain one
// (author, tokens_used, signatureValid) do not end in it.
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'secretkey',
  'accesskey',
  'signature',
];

const MAX_DEPTH = 12;
const DEPTH_LIMIT = '[Depth limit]';
const CIRCULAR = '[Circular]';
const DECISION_CACHE_LIMIT = 5000;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_ .]/g, '');
}

export type Redactor = <T>(value: T) => T;

/** Builds a function that returns its input with secrets replaced (the same object when nothing changed). */
export function createRedactor(options: RedactOptions = {}): Redactor {
  return redaction(options).redact;
}

/** The redactor, and the key test and replacement it uses. */
function redaction(options: RedactOptions): {
  redact: Redactor;
  isSecretKey: (key: string) => boolean;
  replacement: string;
} {
  const exact = new Set(options.defaults === false ? [] : DEFAULT_SECRET_KEYS);
  const keyPatterns: RegExp[] = [];
  // A string would be walked letter by letter (`keys: 'ssn'` would redact every key named s or n).
  if (options.keys !== undefined && !Array.isArray(options.keys))
    throw new TypeError(
      `Redaction keys must be a list of names or regular expressions, e.g. keys: ['ssn', /^x-api-/i], got ${JSON.stringify(options.keys)}.`,
    );
  for (const key of options.keys ?? []) {
    if (typeof key === 'string') exact.add(normaliseKey(key));
    else if (key instanceof RegExp) keyPatterns.push(key);
    else throw new TypeError(`Redaction keys must be names or regular expressions, got ${String(key)}.`);
  }
  const suffixes = options.defaults === false ? [] : SECRET_SUFFIXES;
  const valuePatterns = options.values ?? [];
  if (!Array.isArray(valuePatterns))
    throw new TypeError(
      `Redaction values must be a list of regular expressions, e.g. values: [/\\b\\d{16}\\b/g], got ${String(valuePatterns)}.`,
    );
  // Checked here, not on the first record: a bad pattern would make every record go out unredacted.
  for (const pattern of valuePatterns) {
    if (!(pattern instanceof RegExp)) {
      throw new TypeError(
        `Redaction values must be regular expressions such as /\\b\\d{16}\\b/g, got ${JSON.stringify(pattern)}.`,
      );
    }
  }
  const replacement = options.replacement ?? REDACTED;
  const decisions = new Map<string, boolean>();

  const isSecretKey = (key: string): boolean => {
    let decision = decisions.get(key);
    if (decision !== undefined) return decision;
    const normal = normaliseKey(key);
    decision =
      exact.has(normal) ||
      suffixes.some((suffix) => normal.endsWith(suffix)) ||
      keyPatterns.some((pattern) => {
        pattern.lastIndex = 0;
        return pattern.test(key);
      });
    if (decisions.size < DECISION_CACHE_LIMIT) decisions.set(key, decision);
    return decision;
  };

  const redactString = (text: string): string => {
    let out = text;
    for (const pattern of valuePatterns) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, replacement);
    }
    return out;
  };

  const visit = (value: unknown, depth: number, seen: Set<object>): unknown => {
    if (typeof value === 'string') return valuePatterns.length === 0 ? value : redactString(value);
    if (typeof value !== 'object' || value === null) return value;
    // A cycle closes here: written as the serialiser writes one. Given back as it is, it would point at the
    // original branch, not at its redacted copy, and the copy's JSON would hold the original one level down,
    // secrets and all (`{ password, self }` wrote `"self":{"password":"hunter2",…}`).
    if (seen.has(value)) return CIRCULAR;
    // Deeper than any output writes (the serialiser stops at 10 levels), except the JSON text of a thrown
    // value that is no error, which has no limit: an unvisited branch there would go out unredacted.
    if (depth > MAX_DEPTH) return DEPTH_LIMIT;
    try {
      return visitObject(value, depth, seen);
    } catch (error) {
      // A revoked Proxy, one whose traps throw, a getter that throws while the branch is copied: a value that
      // could not be looked through is not written (the outputs show a revoked Proxy the same way). Thrown on,
      // it would stop the redaction of the whole record, and every other secret in it would be written.
      return thrownMark(error);
    }
  };

  const visitObject = (value: object, depth: number, seen: Set<object>): unknown => {
    const isArray = Array.isArray(value);
    const plain =
      isArray || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
    if (!plain) {
      if (isErrorLike(value)) return visitError(value, depth, seen);
      // Written as a text of their own, never as their keys (a Date is written as its toJSON() text, which
      // value patterns see below).
      if (value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
    }
    seen.add(value);
    try {
      if (isArray) return visitItems(value as unknown[], (value as unknown[]).length, depth, seen) ?? value;
      if (value instanceof Map) return visitMap(value as Map<unknown, unknown>, depth, seen);
      if (value instanceof Set) {
        return visitItems(firstEntries(value as Set<unknown>), value.size, depth, seen) ?? value;
      }
      return visitAsWritten(value, depth, seen);
    } finally {
      // Also when looking through it threw: a second reference must be looked at again, not passed as seen.
      seen.delete(value);
    }
  };

  // An error is written as its description (props, cause, members): redact that, so a secret in
  // `error.config.headers` is not written. A thrown value that is no error (a cause `{ headers }`) is redacted
  // before it becomes message text. What changed comes back as an error again, so that `{err}` still reads
  // `Name: message`.
  const visitError = (value: Error, depth: number, seen: Set<object>): unknown => {
    let changed = false;
    const info = toErrorInfo(value, 0, new Set(), (raw) => {
      const clean = visit(raw, depth + 1, seen);
      if (clean !== raw) changed = true;
      return clean;
    });
    const redacted = visit(info, depth, seen) as ErrorInfo;
    return redacted === info && !changed ? value : errorFromInfo(redacted);
  };

  // Any other object is redacted as the serialiser writes it: as what its toJSON() gives (axios keeps request
  // headers in an instance whose toJSON() gives them), else as its own keys. An instance that held a secret is
  // given on as a copy of its class (so that a hole reading a getter, `{user.displayName}`, still reads it) with
  // its own keys redacted, and written as what its toJSON() gave, redacted.
  const visitAsWritten = (value: object, depth: number, seen: Set<object>): unknown => {
    let toJSON: unknown;
    try {
      toJSON = (value as { toJSON?: unknown }).toJSON;
    } catch {
      // The serialiser writes such an object as its own keys.
    }
    if (typeof toJSON !== 'function') return visitKeys(value, depth, seen, false);
    const data: unknown = toJSON.call(value);
    const clean = visit(data, depth + 1, seen);
    // Its own keys too, though they are not written: a message hole reads them (`{request.session.token}`).
    const own = visitKeys(value, depth, seen, clean !== data);
    if (own === value) return value;
    // Written as a text (a Date, a connection string): given on as that text, as every output shows it.
    if (typeof clean !== 'object' || clean === null) return clean;
    Object.defineProperty(own, 'toJSON', { value: () => clean, writable: true, configurable: true });
    return own;
  };

  const visitMap = (map: Map<unknown, unknown>, depth: number, seen: Set<object>): unknown => {
    let changed = map.size > MAX_ENTRIES;
    let textKeys = true;
    const entries: [unknown, unknown][] = [];
    for (const [key, item] of firstEntries(map)) {
      const isText = typeof key === 'string';
      textKeys &&= isText;
      const cleanKey = isText ? key : visit(key, depth + 2, seen);
      const cleanItem =
        isText && isSecretKey(key) && item !== undefined ? replacement : visit(item, depth + 2, seen);
      if (cleanKey !== key || cleanItem !== item) changed = true;
      entries.push([cleanKey, cleanItem]);
    }
    if (!changed) return map;
    // Written as the Map was: an object of its text keys, or the list of its entries, which a Map could not
    // hold once two redacted keys are alike (as long as the Map, so that the outputs say how many more it had).
    if (textKeys) return new Map(entries);
    const list: unknown[] = new Array(map.size);
    for (let i = 0; i < entries.length; i++) list[i] = entries[i];
    return list;
  };

  // The first MAX_ENTRIES items of a list `length` long (an array, a Set's first items), redacted; undefined when
  // none changed and there are no more. A copy has the list's length, the items past those left empty: the
  // outputs write how many more there were, and nothing reads an item not looked at.
  const visitItems = (
    items: readonly unknown[],
    length: number,
    depth: number,
    seen: Set<object>,
  ): unknown[] | undefined => {
    const count = Math.min(items.length, MAX_ENTRIES);
    let copy: unknown[] | undefined;
    for (let i = 0; i < count; i++) {
      const item = readGuarded(items, i);
      const next = visit(item, depth + 1, seen);
      if (next !== item) copy ??= itemsCopy(items, i, length);
      if (copy !== undefined) copy[i] = next;
    }
    return copy ?? (length > count ? itemsCopy(items, count, length) : undefined);
  };

  // An object's first MAX_ENTRIES own keys, as the serialiser writes them, redacted; a copy of them (of the
  // object's class) when one changed, there are more (the rest are neither read nor given on), or `copy` is set.
  const visitKeys = (value: object, depth: number, seen: Set<object>, copy: boolean): object => {
    const keys: string[] = [];
    const clean: unknown[] = [];
    let changed = copy;
    for (const key in value) {
      if (!hasOwn.call(value, key)) continue;
      if (keys.length === MAX_ENTRIES) {
        changed = true;
        break;
      }
      const item = readGuarded(value, key);
      const next = isSecretKey(key) && item !== undefined ? replacement : visit(item, depth + 1, seen);
      if (next !== item) changed = true;
      keys.push(key);
      clean.push(next);
    }
    if (!changed) return value;
    const redacted = Object.create(Object.getPrototypeOf(value) as object | null) as object;
    // defineProperty: an own `__proto__` key (JSON.parse makes those) stays a key, as a spread keeps it, and a
    // setter of the class is not called.
    for (let i = 0; i < keys.length; i++) {
      Object.defineProperty(redacted, keys[i]!, {
        value: clean[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return redacted;
  };

  const redact = <T>(value: T): T => visit(value, 0, new Set()) as T;
  return { redact, isSecretKey, replacement };
}

// Always called as hasOwn.call(object, key), as the serialiser does (for-in, not a list of every key).
// eslint-disable-next-line @typescript-eslint/unbound-method
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * One value of a branch, read guarded: a throwing getter unguarded would make the whole branch (the other values
 * with it) `[Thrown: …]`. It is shown as what it threw, as the serialiser shows it.
 */
function readGuarded(holder: object, key: string | number): unknown {
  try {
    return (holder as Record<string | number, unknown>)[key];
  } catch (error) {
    return thrownMark(error);
  }
}

/** A list `length` long holding the first `count` of `items`, the rest left empty. */
function itemsCopy(items: readonly unknown[], count: number, length: number): unknown[] {
  const copy: unknown[] = new Array(length);
  for (let i = 0; i < count; i++) copy[i] = readGuarded(items, i);
  return copy;
}

/** A processor that redacts `fields`, every context value and the attached error of each record. On in the default setup. */
export class RedactProcessor extends Processor {
  constructor(options: RedactOptions = {}) {
    const { redact, isSecretKey, replacement } = redaction(options);
    const secretHoles = new SecretHoles(isSecretKey, replacement);
    super((record: LogRecord) => {
      const source = textSourceOf(record.fields);
      const fields = redact(record.fields);
      if (fields !== record.fields) {
        // Fields that redaction could only give back as text (an instance whose toJSON() gives text, a revoked
        // Proxy) are held as the positional {0}, as the record holds any bare value: fields that are no object
        // would be written schema-invalid and break a template's `{error}`.
        record.fields = typeof fields === 'object' ? fields : [fields];
        record.invalidateMessage();
      }
      // A text made from values (a console call's arguments) is made again from them, redacted by their keys too;
      // value patterns see the new text whole, where a match can span two values.
      if (source !== undefined) {
        const values = redact(source.values);
        if (values !== source.values) {
          record.fields = { ...(record.fields as Fields), [source.key]: redact(source.format(values)) };
          record.invalidateMessage();
        }
      }
      // A value logged in place of a template (`log.info(req.body)` from JavaScript) is the message's text.
      const literal = record.template.literal;
      if (literal !== undefined) {
        const value = redact(literal.value);
        if (value !== literal.value) {
          record.template = literalTemplate(value, toText(value));
          record.invalidateMessage();
        }
      }
      record.context = redact(record.context);
      // When the attached error held a secret, every output shows a redacted copy of it: the message's
      // `{error}`, the text formats' `{error}` and the JSON `error` (also for a thrown value that is no error,
      // whose JSON text would otherwise be the message). `record.error` stays as thrown.
      const error = record.shownError;
      const redacted = redact(error);
      if (redacted !== error) record.showErrorAs(redacted);
      // Last, on the values as redacted: a hole naming a secret key that still reads one (a getter) shows none.
      const template = secretHoles.templateFor(record);
      if (template !== record.template) {
        record.template = template;
        record.invalidateMessage();
      }
    }, 'redact');
  }
}
