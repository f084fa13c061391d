// The on-disk format: one JSON object per line, as described in docs/record-schema.md. This runs for
// every record written, so what repeats (level names, channels, templates, host, pid) is encoded once.

import { hostname } from 'node:os';
import type { Formatter } from '../formatter.js';
import { levelName } from '../level.js';
import type { LogRecord, RecordJsonWriter } from '../record.js';
import { quote, takeNonAscii, toJson, toJsonOrOmit } from '../serialize.js';
import { jsonTemplate, type JsonTemplate } from '../template.js';
import { utf8Bytes } from '../writer/byte-string.js';
import { FIRST_ISO_SECOND, isoTime, LAST_ISO_SECOND, type TimeZoneChoice } from './time.js';

/** Context keys written at the top level of a record; any other context value goes under `context`. */
export const TOP_LEVEL_CONTEXT_KEYS: ReadonlySet<string> = new Set([
  'request',
  'client',
  'signals',
  'user',
  'session',
  'incident',
  'trace',
  'app',
]);

export interface JsonFormatterOptions {
  /** 'utc' (default) or 'local' (ISO time with offset). */
  time?: TimeZoneChoice;
  /** Host name written in every record (default: os.hostname()). */
  host?: string;
}

const CACHE_LIMIT = 1000;

/** `.123Z"` for every millisecond: the end of the time value, one string instead of three. */
const MILLIS: readonly string[] = Array.from(
  { length: 1000 },
  (_, ms) => (ms < 10 ? '00' : ms < 100 ? '0' : '') + String(ms) + 'Z"',
);

/**
 * What a template writes between the time and the rendered message, for one level and channel:
 * `,"level":"INFO","channel":"app","msg":"…","message":` (and the message itself when the template has
 * no holes). A line is built from few, long pieces: fewer string joins, and less to flatten when the
 * batch is encoded.
 */
interface Head {
  readonly level: number;
  readonly channel: string;
  readonly text: string;
  /** `text` as a UTF-8 byte string (see formatUtf8Bytes). */
  readonly bytes: string;
  /** The template's literal text as JSON pieces (for templates with holes), as text and as bytes. */
  readonly pieces: JsonTemplate | undefined;
  readonly pieceBytes: JsonTemplate | undefined;
}

const same = (text: string): string => text;

export class JsonFormatter implements Formatter {
  private readonly zone: TimeZoneChoice;
  private readonly suffix: string;
  private readonly suffixBytes: string;
  private readonly channels = new Map<string, string>();
  private readonly levels = new Map<number, string>();
  private readonly events = new Map<string, string>();
  private readonly heads = new WeakMap<object, Head>();
  /** `{"v":1,"time":"2026-11-21T19:54:26` for the second last written (UTC). */
  private second = Number.NaN;
  private secondPrefix = '';

  constructor(options: JsonFormatterOptions = {}) {
    this.zone = options.time ?? 'utc';
    this.suffix = `,"host":${JSON.stringify(options.host ?? hostname())},"pid":${process.pid}}\n`;
    this.suffixBytes = utf8Bytes(this.suffix);
  }

  format(record: LogRecord): string {
    return this.build(record, false);
  }

  /**
   * The same line as a UTF-8 byte string: one character per byte, to be written with the 'latin1'
   * encoding (what FileHandler does). For ASCII lines it is the same string as format()'s.
   */
  formatUtf8Bytes(record: LogRecord): string {
    // A subclass that changes format() is honoured: its line is converted as a whole.
    if (this.format !== JsonFormatter.prototype.format) return utf8Bytes(this.format(record));
    return this.build(record, true);
  }

  private build(record: LogRecord, bytes: boolean): string {
    const template = record.template;
    let head = this.heads.get(template);
    if (head === undefined || head.level !== record.level || head.channel !== record.channel) {
      head = this.head(record);
    }
    let line = this.timeJson(record.time) + (bytes ? head.bytes : head.text);
    takeNonAscii();
    if (template.hasHoles) {
      // The template's own text (with its `→`) was escaped and converted once; the values rendered
      // into it are usually plain ASCII and need neither.
      const json = record.messageJson((bytes ? head.pieceBytes : head.pieces)!);
      if (json !== undefined) line += json;
      else {
        const message = quote(record.message);
        line += bytes && takeNonAscii() ? utf8Bytes(message) : message;
      }
    }
    let rest = '';
    if (record.event !== undefined) rest += this.eventJson(record.event);
    const fields = record.fields;
    const writer = record.jsonWriter;
    if (fields !== undefined && fields !== null) {
      const json = Array.isArray(fields)
        ? toJson({ ...fields })
        : ((writer === undefined ? undefined : writer(fields, 'fields')) ?? toJsonOrOmit(fields));
      if (json !== undefined) rest += ',"fields":' + json;
    }
    const error = record.errorInfo;
    if (error !== undefined) rest += ',"error":' + toJson(error);
    const context = record.context;
    if (context !== undefined) rest += contextJson(context, writer);
    if (record.caller !== undefined) rest += ',"caller":' + toJson(record.caller);
    // Joined into one flat string: the pieces (dozens of short strings) die here, young, instead of
    // staying alive in the file handler's pending batch until it is written, where the garbage
    // collector would copy them and the batch's write would have to walk them.
    if (bytes) return [line, takeNonAscii() ? utf8Bytes(rest) : rest, this.suffixBytes].join('');
    return [line, rest, this.suffix].join('');
  }

  /** `,"event":"http.request"`, kept per event name (a program has a few dozen). */
  private eventJson(event: string): string {
    let json = this.events.get(event);
    if (json === undefined) {
      json = ',"event":' + quote(event);
      // Only ASCII names are kept: others must be flagged for conversion by quote() every time.
      if (this.events.size < CACHE_LIMIT && isAscii(json)) this.events.set(event, json);
    }
    return json;
  }

  /** `{"v":1,"time":"2026-11-21T19:54:26.123Z"`. */
  private timeJson(ms: number): string {
    if (this.zone === 'utc') {
      const second = Math.floor(ms / 1000);
      if (second !== this.second) {
        // NaN, a year with other than four digits: isoTime() writes those.
        if (!(second >= FIRST_ISO_SECOND && second <= LAST_ISO_SECOND))
          return '{"v":1,"time":"' + isoTime(ms, this.zone) + '"';
        this.second = second;
        this.secondPrefix = '{"v":1,"time":"' + new Date(second * 1000).toISOString().slice(0, 20);
      }
      const millis = MILLIS[ms - second * 1000];
      if (millis !== undefined) return this.secondPrefix + millis;
    }
    return '{"v":1,"time":"' + isoTime(ms, this.zone) + '"';
  }

  private head(record: LogRecord): Head {
    const template = record.template;
    // The same template at another level or channel keeps its message pieces.
    const previous = this.heads.get(template);
    const msgJson = JSON.stringify(template.source);
    const text =
      ',"level":' +
      this.levelJson(record.level) +
      ',"channel":' +
      this.channelJson(record.channel) +
      ',"msg":' +
      msgJson +
      ',"message":' +
      // Without holes the message is the text itself (`{{` written as `{`), not the template's source.
      (template.hasHoles ? '' : JSON.stringify(template.parts[0]));
    const head: Head = {
      level: record.level,
      channel: record.channel,
      text,
      bytes: utf8Bytes(text),
      pieces: template.hasHoles ? (previous?.pieces ?? jsonTemplate(template, same)) : undefined,
      pieceBytes: template.hasHoles ? (previous?.pieceBytes ?? jsonTemplate(template, utf8Bytes)) : undefined,
    };
    this.heads.set(template, head);
    return head;
  }

  private levelJson(level: number): string {
    let json = this.levels.get(level);
    if (json === undefined) {
      json = `"${levelName(level)}"`;
      this.levels.set(level, json);
    }
    return json;
  }

  private channelJson(channel: string): string {
    let json = this.channels.get(channel);
    if (json === undefined) {
      json = JSON.stringify(channel);
      if (this.channels.size < CACHE_LIMIT) this.channels.set(channel, json);
    }
    return json;
  }
}

// Always called as hasOwn.call(object, key): inside for-in, V8 turns that call into a map check.
// eslint-disable-next-line @typescript-eslint/unbound-method
const hasOwn = Object.prototype.hasOwnProperty;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** `,"request":` for a key of TOP_LEVEL_CONTEXT_KEYS, else undefined (a switch: cheaper than a look-up). */
function topLevelPrefix(key: string): string | undefined {
  switch (key) {
    case 'request':
      return ',"request":';
    case 'client':
      return ',"client":';
    case 'signals':
      return ',"signals":';
    case 'user':
      return ',"user":';
    case 'session':
      return ',"session":';
    case 'incident':
      return ',"incident":';
    case 'trace':
      return ',"trace":';
    case 'app':
      return ',"app":';
  }
  return undefined;
}

function contextJson(context: Record<string, unknown>, writer: RecordJsonWriter | undefined): string {
  let out = '';
  let rest: Record<string, unknown> | undefined;
  // for-in rather than Object.keys: no array per record, and the values are read by field index.
  for (const key in context) {
    if (!hasOwn.call(context, key)) continue;
    const value = context[key];
    if (value === undefined) continue;
    const prefix = topLevelPrefix(key);
    if (prefix === undefined) {
      (rest ??= {})[key] = value;
      continue;
    }
    // Absent keys are left out, never written as null: also a value whose toJSON() gives undefined.
    const json =
      (writer !== undefined && typeof value === 'object' && value !== null
        ? writer(value, key)
        : undefined) ?? toJsonOrOmit(value);
    if (json !== undefined) out += prefix + json;
  }
  if (rest !== undefined) out += ',"context":' + toJson(rest);
  return out;
}
