// Crashes are the records that matter most and the ones most easily lost: the process dies before the
// batches are written. captureCrashes() logs the crash at CRITICAL and writes every buffer synchronously
// while the process is still alive, without changing how the process ends (exit code, Node's own print).

import { Logger } from '../logger.js';
import { stack } from '../stack.js';
import { flushAllWriters } from '../writer/registry.js';

export interface CaptureCrashesOptions {
  /** The logger crash records are written with (default channel 'crash'). */
  logger?: Logger;
  /** Flush on these signals, then end as the signal would have (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
}

/** Writes every buffered handler's pending output synchronously. Never throws. */
export function flushEverythingSync(): void {
  for (const handler of stack.applicationHandlers()) {
    try {
      (handler as unknown as { flushSync(): void }).flushSync();
    } catch {
      // One failing handler must not keep the others from writing.
    }
  }
  flushAllWriters();
}

let installed: (() => void) | undefined;

/**
 * Installs crash capture; returns a function that removes it. Calling it again replaces the previous
 * installation (one per process).
 */
export function captureCrashes(options: CaptureCrashesOptions = {}): () => void {
  installed?.();
  const logger = options.logger ?? new Logger('crash');
  // uncaughtExceptionMonitor runs before Node's default handling and does not change it: Node still
  // prints the error and exits with code 1 (an unhandled rejection arrives here too, with its origin).
  const onCrash = (error: unknown, origin: string): void => {
    try {
      const template: string =
        origin === 'unhandledRejection'
          ? 'Unhandled promise rejection: {error}'
          : 'Uncaught exception: {error}';
      logger.critical(template, undefined, { error, event: 'crash' });
    } finally {
      flushEverythingSync();
    }
  };
  const onExit = (): void => flushEverythingSync();
  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) {
    const handler = (): void => {
      flushEverythingSync();
      // Alone, we replaced the default action: restore it and end the way the signal would have.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    signalHandlers.set(signal, handler);
    process.on(signal, handler);
  }
  process.on('uncaughtExceptionMonitor', onCrash);
  process.on('exit', onExit);
  const uninstall = (): void => {
    process.off('uncaughtExceptionMonitor', onCrash);
    process.off('exit', onExit);
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
    if (installed === uninstall) installed = undefined;
  };
  installed = uninstall;
  return uninstall;
}
