// Routes console.* through a logger (Python Logbook's compat redirect), so libraries that print end up
// as records with levels. Restorable: the returned function puts the original methods back.

import { Level } from '../level.js';
import { Logger } from '../logger.js';
import { fieldsWithTextFrom } from '../text-source.js';
import { consoleText } from './console-text.js';

export interface CaptureConsoleOptions {
  /** The logger used (default channel 'console'). */
  logger?: Logger;
}

const METHODS = {
  debug: Level.DEBUG,
  trace: Level.DEBUG,
  log: Level.INFO,
  info: Level.INFO,
  warn: Level.WARNING,
  error: Level.ERROR,
} as const;

type Method = keyof typeof METHODS;

/** Replaces console.debug/trace/log/info/warn/error; returns a function that restores them. */
export function captureConsole(options: CaptureConsoleOptions = {}): () => void {
  const logger = options.logger ?? new Logger('console');
  const originals = new Map<Method, (...args: unknown[]) => void>();
  const replacements = new Map<Method, (...args: unknown[]) => void>();
  let inside = false;
  // Once restored, a replacement that another capture still calls (it was taken over by a later capture, and
  // the two were restored out of order) passes everything through instead of capturing.
  let active = true;
  for (const method of Object.keys(METHODS) as Method[]) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with console as `this` below
    const original = console[method] as (...args: unknown[]) => void;
    originals.set(method, original);
    const replacement = (...args: unknown[]): void => {
      // A handler that itself uses the console must not loop back here.
      if (inside || !active) {
        original.apply(console, args);
        return;
      }
      inside = true;
      try {
        const template: string = '{text}';
        const fields = fieldsWithTextFrom('text', args, consoleText);
        logger.log(METHODS[method], template, fields, { event: `console.${method}` });
      } finally {
        inside = false;
      }
    };
    replacements.set(method, replacement);
    console[method] = replacement;
  }
  return () => {
    active = false;
    // Only our own replacement is taken off: one put there later stays, and calls through to ours, now passive.
    for (const [method, original] of originals)
      if (console[method] === replacements.get(method)) console[method] = original as never;
  };
}
