// A plain text line from a template such as '[{time}] {level}: {channel}: {message}', compiled once.

import { hostname } from 'node:os';
import type { ErrorInfo } from '../error-info.js';
import type { Formatter } from '../formatter.js';
import { levelName } from '../level.js';
import type { LogRecord } from '../record.js';
import { toJson, toText } from '../serialize.js';
import { compileTemplate, lookupHole } from '../template.js';
import { escapeControl } from './escape.js';
import { isoTime, type TimeZoneChoice } from './time.js';

export const DEFAULT_TEXT_TEMPLATE = '[{time}] {level}: {channel}: {message}';

export interface TextFormatterOptions {
  /**
   * Placeholders: time, level, channel, message, msg, event, fields, error, caller, pid, host, and any
   * context value by dotted path (request.id, user.id, client.kind).
   */
  template?: string;
  /** Time zone of {time}: 'utc' (default) or 'local'. */
  time?: TimeZoneChoice;
  /** Append the error's stack, indented, after the line (default true). */
  stack?: boolean;
}

type Part = (record: LogRecord) => string;

const HOST = hostname();

export class TextFormatter implements Formatter {
  readonly template: string;
  private readonly parts: readonly Part[];
  private readonly withStack: boolean;
  readonly wantsCaller: boolean;

  constructor(options: TextFormatterOptions = {}) {
    this.template = options.template ?? DEFAULT_TEXT_TEMPLATE;
    const zone = options.time ?? 'utc';
    this.withStack = options.stack ?? true;
    const compiled = compileTemplate(this.template);
    const parts: Part[] = [];
    let wantsCaller = false;
    compiled.parts.forEach((piece, index) => {
      if (index % 2 === 0) {
        if (piece !== '') parts.push(() => piece);
        return;
      }
      if (piece === 'caller') wantsCaller = true;
      parts.push(placeholder(piece, zone));
    });
    this.parts = parts;
    this.wantsCaller = wantsCaller;
  }

  format(record: LogRecord): string {
    let line = '';
    for (const part of this.parts) line += part(record);
    if (this.withStack) line += stackLines(record);
    return line + '\n';
  }
}

/**
 * The error's stack (its first line names the error), then each cause's and each AggregateError member's, as
 * indented, escaped continuation lines; '' without any. The root cause (ECONNREFUSED under "fetch failed") is
 * usually the line that matters, so the chain is shown as Node's own printout shows it.
 */
export function stackLines(record: LogRecord): string {
  const info = record.errorInfo;
  if (info === undefined) return '';
  return errorLines(info, '', info.stack !== undefined);
}

function errorLines(info: ErrorInfo, label: string, withHead: boolean): string {
  let out = '';
  if (withHead) {
    const head = info.stack ?? (info.message === '' ? info.name : `${info.name}: ${info.message}`);
    let first = true;
    for (const line of head.split('\n')) {
      out += '\n    ' + (first ? label : '') + escapeControl(line.trim());
      first = false;
    }
  }
  const members = info.errors ?? [];
  const omitted = info.errors_omitted ?? 0;
  const total = members.length + omitted;
  members.forEach((member, index) => {
    out += errorLines(member, `[${index + 1} of ${total}] `, true);
  });
  // The members the record left out, so that the count above is not taken for all of them.
  if (omitted > 0) {
    const which = omitted === 1 ? `${total}` : `${members.length + 1}-${total}`;
    out += `\n    [${which} of ${total}] ${omitted} more not written`;
  }
  if (info.cause !== undefined) out += errorLines(info.cause, 'Caused by: ', true);
  return out;
}

function placeholder(name: string, zone: TimeZoneChoice): Part {
  switch (name) {
    case 'time':
      return (r) => isoTime(r.time, zone);
    case 'level':
      return (r) => levelName(r.level);
    case 'channel':
      return (r) => escapeControl(r.channel);
    case 'message':
      return (r) => escapeControl(r.message);
    case 'msg':
      return (r) => escapeControl(r.msg);
    case 'event':
      return (r) => escapeControl(r.event ?? '');
    case 'fields':
      return (r) => (r.fields === undefined ? '' : escapeControl(toJson(r.fields)));
    case 'error':
      return (r) => (r.error === undefined ? '' : escapeControl(toText(r.shownError)));
    case 'caller':
      return (r) => (r.caller === undefined ? '' : escapeControl(`${r.caller.file}:${r.caller.line}`));
    case 'pid':
      return () => String(process.pid);
    case 'host':
      return () => HOST;
    default:
      return (r) => {
        const value = lookupHole(r.context, name);
        return value === undefined ? '' : escapeControl(toText(value));
      };
  }
}
