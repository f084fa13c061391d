// The on-disk format: one JSON object per line, as described in docs/record-schema.md. This runs for
// every record written, so what repeats (level names, channels, templates, host, pid) is encoded once.

import { hostname } from 'node:os';
import type { Formatter } from '../formatter.js';
import { levelName } from '../level.js';
import type { LogRecord } from '../record.js';
import { toJson } from '../serialize.js';
import { isoTime, isoTimeUtc, type TimeZoneChoice } from './time.js';

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

export class JsonFormatter implements Formatter {
  private readonly zone: TimeZoneChoice;
  private readonly suffix: string;
  private readonly channels = new Map<string, string>();
  private readonly levels = new Map<number, string>();
  private readonly templates = new WeakMap<object, string>();

  constructor(options: JsonFormatterOptions = {}) {
    this.zone = options.time ?? 'utc';
    this.suffix = `,"host":${JSON.stringify(options.host ?? hostname())},"pid":${process.pid}}\n`;
  }

  format(record: LogRecord): string {
    const template = record.template;
    let msgJson = this.templates.get(template);
    if (msgJson === undefined) {
      msgJson = JSON.stringify(template.source);
      this.templates.set(template, msgJson);
    }
    const time = this.zone === 'utc' ? isoTimeUtc(record.time) : isoTime(record.time, this.zone);
    let line =
      '{"v":1,"time":"' +
      time +
      '","level":' +
      this.levelJson(record.level) +
      ',"channel":' +
      this.channelJson(record.channel) +
      ',"msg":' +
      msgJson +
      ',"message":' +
      (template.hasHoles ? JSON.stringify(record.message) : msgJson);
    if (record.event !== undefined) line += ',"event":' + JSON.stringify(record.event);
    const fields = record.fields;
    if (fields !== undefined && fields !== null) {
      line += ',"fields":' + (Array.isArray(fields) ? toJson({ ...fields }) : toJson(fields));
    }
    const error = record.errorInfo;
    if (error !== undefined) line += ',"error":' + toJson(error);
    const context = record.context;
    if (context !== undefined) line += contextJson(context);
    if (record.caller !== undefined) line += ',"caller":' + toJson(record.caller);
    return line + this.suffix;
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

function contextJson(context: Record<string, unknown>): string {
  let out = '';
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(context)) {
    const value = context[key];
    if (value === undefined) continue;
    if (TOP_LEVEL_CONTEXT_KEYS.has(key)) out += ',"' + key + '":' + toJson(value);
    else (rest ??= {})[key] = value;
  }
  if (rest !== undefined) out += ',"context":' + toJson(rest);
  return out;
}
