// The record every handler sees. Its shape is fixed at construction (V8 keeps one hidden class), and the
// expensive parts — the rendered message, lazy field values, error description — are computed on first use.

import { thrownMark, toErrorInfo, type ErrorInfo } from './error-info.js';
import { levelName, type LevelName } from './level.js';
import { toText } from './serialize.js';
import {
  compileTemplate,
  renderTemplate,
  renderTemplateJson,
  type CompiledTemplate,
  type Fields,
  type JsonTemplate,
} from './template.js';

export interface CallerInfo {
  file: string;
  line: number;
  column: number;
  function?: string;
}

// Always called as hasOwn.call(object, key): inside for-in, V8 turns that call into a map check.
// eslint-disable-next-line @typescript-eslint/unbound-method
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Writes a record's fields (`key` 'fields') or one of its context values (`key` the context key) as JSON,
 * for formatters that write JSON; undefined leaves the value to the general serialiser. It must give the
 * text toJson() would give, for the value as it is when the record is written.
 */
export type RecordJsonWriter = (value: object, key: string) => string | undefined;

export class LogRecord {
  /** Milliseconds since the epoch. */
  time: number;
  level: number;
  channel: string;
  /** The parsed template; `msg` is its source text. Redaction replaces a logged value's (see literalTemplate). */
  template: CompiledTemplate;
  fields: Fields | readonly unknown[] | undefined;
  /** The error attached by `exception()` or `{ error }`, as thrown. */
  error: unknown;
  event: string | undefined;
  /** Values processors add: request, client, user, session, … (see docs/record-schema.md). */
  context: Record<string, unknown> | undefined;
  caller: CallerInfo | undefined;
  /**
   * Set by code that builds records of a shape it knows (the web middleware's access record): writes
   * those values' JSON faster than the general serialiser, declining anything it does not recognise.
   */
  jsonWriter: RecordJsonWriter | undefined;
  private renderedMessage: string | undefined;
  private errorDescription: ErrorInfo | undefined;
  /** What outputs show for `error` when redaction made a copy of it; undefined: `error` itself. */
  private errorCopy: unknown;
  private lazyResolved: boolean;

  constructor(
    time: number,
    level: number,
    channel: string,
    template: string | CompiledTemplate,
    fields?: Fields | readonly unknown[],
    error?: unknown,
    event?: string,
  ) {
    this.time = time;
    this.level = level;
    this.channel = channel;
    this.template = typeof template === 'string' ? compileTemplate(template) : template;
    // An untyped caller's single value (`log.info('User {0}', 'ann')`, Python Logbook's positional call) is
    // the one positional argument; null is no fields. A bare string here would render `{0}` as its first
    // character, be written as a schema-invalid `"fields":"ann"`, and make `'error' in fields` throw.
    this.fields =
      fields === undefined || (typeof fields === 'object' && fields !== null)
        ? fields
        : fields === null
          ? undefined
          : [fields];
    this.error = error;
    this.event = event;
    this.context = undefined;
    this.caller = undefined;
    this.jsonWriter = undefined;
    this.renderedMessage = undefined;
    this.errorDescription = undefined;
    this.errorCopy = undefined;
    this.lazyResolved = false;
  }

  get msg(): string {
    return this.template.source;
  }

  get levelName(): LevelName {
    return levelName(this.level);
  }

  /** The template rendered with the fields; a missing field shows as `{name?}`. */
  get message(): string {
    if (this.renderedMessage === undefined) {
      this.resolveLazyFields();
      this.renderedMessage = renderTemplate(this.template, this.holeValues(), toText);
    }
    return this.renderedMessage;
  }

  /**
   * The message as JSON text (quoted), rendered into the template's pre-escaped pieces — what
   * quoting `message` gives. Undefined when a value needs escaping or the message was rendered
   * already: then quote `message`.
   */
  messageJson(json: JsonTemplate): string | undefined {
    if (this.renderedMessage !== undefined) return undefined;
    this.resolveLazyFields();
    return renderTemplateJson(json, this.holeValues(), toText);
  }

  /** The attached error as plain data, computed once (from the redacted copy, when there is one). */
  get errorInfo(): ErrorInfo | undefined {
    if (this.error === undefined) return undefined;
    this.errorDescription ??= toErrorInfo(this.shownError);
    return this.errorDescription;
  }

  /** The attached error as every output shows it: `error` as thrown, or the copy redaction made of it. */
  get shownError(): unknown {
    return this.errorCopy === undefined ? this.error : this.errorCopy;
  }

  /**
   * Shows a copy of the attached error in every output instead of it (redaction does, when the error held a
   * secret): the message's `{error}`, the text formats' `{error}`, `errorInfo`. `error` stays as thrown.
   */
  showErrorAs(copy: unknown): void {
    this.errorCopy = copy;
    this.errorDescription = undefined;
    this.renderedMessage = undefined;
  }

  /** Replaces the description written for the attached error (redaction does); `error` stays as thrown. */
  set errorInfo(info: ErrorInfo | undefined) {
    this.errorDescription = info;
  }

  /** Sets a context value (used by processors). */
  set(key: string, value: unknown): void {
    (this.context ??= {})[key] = value;
  }

  get(key: string): unknown {
    return this.context?.[key];
  }

  /**
   * Calls the function-valued fields (lazy values) once. The logger calls this only after some handler
   * has taken the record, so a lazy value nobody wants is never computed.
   */
  resolveLazyFields(): void {
    if (this.lazyResolved) return;
    this.lazyResolved = true;
    const fields = this.fields;
    if (fields === undefined || fields === null) return;
    let copy: Record<string, unknown> | unknown[] | undefined;
    try {
      // for-in rather than Object.keys: no array per record (this runs for every record written). With
      // the own-key check it visits what Object.keys lists, for arrays (indices) as for objects.
      for (const key in fields as Fields) {
        if (!hasOwn.call(fields, key)) continue;
        const value = (fields as Record<string, unknown>)[key];
        if (typeof value !== 'function') continue;
        copy ??= Array.isArray(fields) ? [...(fields as unknown[])] : { ...(fields as Fields) };
        (copy as Record<string, unknown>)[key] = callLazy(value as () => unknown);
      }
    } catch {
      // A getter of the fields object (or a Proxy trap) threw: copy value by value, each read guarded.
      this.fields = guardedCopy(fields);
      return;
    }
    // Copy rather than write back: the caller's object is theirs.
    if (copy !== undefined) this.fields = copy;
  }

  /** Renders again after a processor changed the fields (redaction does). */
  invalidateMessage(): void {
    this.renderedMessage = undefined;
  }

  /** What the message's holes read: the fields, and the attached error (as shown) as `error`. */
  holeValues(): Fields | readonly unknown[] | undefined {
    // `{error}` and `{error.message}` in a template fall back to the attached error.
    if (this.error === undefined || (this.fields !== undefined && 'error' in this.fields)) return this.fields;
    return { ...(this.fields as Fields | undefined), error: this.shownError };
  }
}

function callLazy(value: () => unknown): unknown {
  try {
    return value();
  } catch (error) {
    return thrownMark(error);
  }
}

/** The fields with lazy values called and every value that throws when read shown as `[Thrown: …]`. */
function guardedCopy(fields: Fields | readonly unknown[]): Fields | unknown[] {
  let copy: Record<string, unknown> = {};
  let keys: string[];
  try {
    if (Array.isArray(fields)) copy = [] as unknown as Record<string, unknown>;
    keys = Object.keys(fields);
  } catch {
    return copy; // a revoked Proxy: nothing can be read
  }
  for (const key of keys) {
    let value: unknown;
    try {
      value = (fields as Record<string, unknown>)[key];
    } catch (error) {
      value = thrownMark(error);
    }
    copy[key] = typeof value === 'function' ? callLazy(value as () => unknown) : value;
  }
  return copy;
}
