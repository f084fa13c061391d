// A readable, coloured line for a developer's terminal. Colour follows the usual conventions:
// FORCE_COLOR forces it, NO_COLOR turns it off, otherwise only a TTY gets it.

import { isErrorLike } from '../error-info.js';
import type { Formatter } from '../formatter.js';
import { Level, levelName } from '../level.js';
import type { LogRecord } from '../record.js';
import type { CompiledTemplate, Fields } from '../template.js';
import { toJson } from '../serialize.js';
import { escapeControl } from './escape.js';
import { stackLines } from './text.js';

export interface ConsoleFormatterOptions {
  /** Force colour on or off; default: detected from the environment and the stream. */
  color?: boolean;
  /** The stream the output goes to, for TTY detection (default process.stderr). */
  stream?: { isTTY?: boolean };
  /** Show the record's fields that its message does not already show, after it (default true). */
  fields?: boolean;
}

/** Whether colour should be used for a stream, by FORCE_COLOR, NO_COLOR and isTTY. */
export function shouldUseColor(
  stream: { isTTY?: boolean } | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream?.isTTY === true;
}

const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

function levelColor(level: number): string {
  if (level >= Level.CRITICAL) return '\x1b[1;37;41m';
  if (level >= Level.ERROR) return '\x1b[31m';
  if (level >= Level.WARNING) return '\x1b[33m';
  if (level >= Level.NOTICE) return '\x1b[36m';
  if (level >= Level.INFO) return '\x1b[32m';
  return '\x1b[90m';
}

function localClock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** The top-level hole names of each template seen, for fieldsBesideMessage. */
const holesOf = new WeakMap<CompiledTemplate, ReadonlySet<string>>();

/**
 * The fields a line still has to show after its message: those no hole of the template named (`{user}` shows
 * `user`; `{user.name}` does not show the rest of `user`), or undefined when the message shows them all. Positional
 * fields (an array) are shown whole. An error stays too: its hole shows only `Name: message`, not its code, cause
 * or stack.
 */
function fieldsBesideMessage(template: CompiledTemplate, fields: Fields | readonly unknown[]): unknown {
  if (Array.isArray(fields) || !template.hasHoles) return fields;
  let holes = holesOf.get(template);
  if (holes === undefined) {
    holes = new Set(template.parts.filter((_, i) => i % 2 === 1));
    holesOf.set(template, holes);
  }
  let rest: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (holes.has(key) && holeShowsWhole(value)) continue;
    (rest ??= {})[key] = value;
  }
  return rest;
}

/**
 * Whether a hole's text shows all of its value: an error's shows only `Name: message`. isErrorLike never throws,
 * also not for a revoked Proxy (false: its hole and its field say the same).
 */
function holeShowsWhole(value: unknown): boolean {
  return !isErrorLike(value);
}

export class ConsoleFormatter implements Formatter {
  readonly color: boolean;
  private readonly showFields: boolean;

  constructor(options: ConsoleFormatterOptions = {}) {
    this.color = options.color ?? shouldUseColor(options.stream ?? process.stderr);
    this.showFields = options.fields ?? true;
  }

  format(record: LogRecord): string {
    const name = levelName(record.level).padEnd(8);
    const paint = (code: string, text: string): string => (this.color ? code + text + RESET : text);
    let line =
      paint(DIM, localClock(record.time)) +
      ' ' +
      paint(levelColor(record.level), name) +
      paint(BOLD, escapeControl(record.channel)) +
      ': ' +
      escapeControl(record.message);
    if (record.event !== undefined) line += ' ' + paint(DIM, `[${escapeControl(record.event)}]`);
    if (this.showFields && record.fields !== undefined) {
      const rest = fieldsBesideMessage(record.template, record.fields);
      if (rest !== undefined) line += ' ' + paint(DIM, escapeControl(toJson(rest)));
    }
    const stack = stackLines(record);
    if (stack !== '') line += this.color ? DIM + stack + RESET : stack;
    return line + '\n';
  }
}
