import type { HandlerOptions } from '../handler.js';
import { ConsoleFormatter } from '../formatters/console.js';
import { StreamHandler } from './stream.js';

/**
 * Writes to whatever process.stderr is at the moment of writing (tests and tools that swap it see
 * the output). Defaults to the colour console format; colour follows NO_COLOR/FORCE_COLOR and TTY.
 */
export class StderrHandler extends StreamHandler {
  constructor(options: HandlerOptions = {}) {
    super(() => process.stderr, { formatter: new ConsoleFormatter(), ...options });
  }
}
