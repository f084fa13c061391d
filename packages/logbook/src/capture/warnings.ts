// Routes process.emitWarning (deprecations, experimental features, MaxListeners leaks) through a logger
// at WARNING instead of Node's own stderr print. Restorable.

import { Logger } from '../logger.js';

export interface CaptureWarningsOptions {
  /** The logger used (default channel 'warnings'). */
  logger?: Logger;
}

/** Replaces process.emitWarning; returns a function that restores it. */
export function captureWarnings(options: CaptureWarningsOptions = {}): () => void {
  const logger = options.logger ?? new Logger('warnings');
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only put back, never called here
  const original = process.emitWarning;
  // Once restored, a replacement that a later capture still calls (the two restored out of order) hands
  // warnings on to what it replaced instead of logging them.
  let active = true;
  const replacement = (warning: string | Error, ...rest: unknown[]): void => {
    if (!active) {
      (original as (...args: unknown[]) => void).call(process, warning, ...rest);
      return;
    }
    const first = rest[0];
    const settings =
      typeof first === 'object' && first !== null ? (first as { type?: string; code?: string }) : undefined;
    const type = settings?.type ?? (typeof first === 'string' ? first : undefined);
    const code = settings?.code ?? (typeof rest[1] === 'string' ? rest[1] : undefined);
    const name = warning instanceof Error ? warning.name : (type ?? 'Warning');
    const message = warning instanceof Error ? warning.message : String(warning);
    const template: string = '{name}: {message}';
    logger.warning(
      template,
      { name, message, ...(code === undefined ? {} : { code }) },
      { event: 'process.warning' },
    );
  };
  process.emitWarning = replacement;
  return () => {
    active = false;
    if (process.emitWarning === replacement) process.emitWarning = original;
  };
}
