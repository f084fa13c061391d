// Crashes are the records that matter most and the ones most easily lost: the process dies before the
// batches are written. captureCrashes() logs the crash at CRITICAL and writes every buffer synchronously
// while the process is still alive, without changing how the process ends (exit code, Node's own print).

import { Logger } from '../logger.js';
import { stack } from '../stack.js';
import { deliverSignalsBeforeIdleExit } from './idle-exit-signals.js';
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
      process.uptime();
    } catch {
      // When Node's own look at an unhandled rejection's value throws (a `message` getter that throws), that exception
      // comes out of the first call into Node's C++ bindings (such as this one) made in the listener. Taken here, it
      // does not cost the crash record.
    }
    try {
      // `{error}` has nothing to show for `throw undefined` or `Promise.reject()`: say what was thrown instead.
      const what = error === undefined ? 'undefined' : '{error}';
      const template: string =
        origin === 'unhandledRejection'
          ? `Unhandled promise rejection: ${what}`
          : `Uncaught exception: ${what}`;
      logger.critical(template, undefined, { error, event: 'crash' });
    } catch {
      // A handler under the 'throw' error policy: thrown from this listener, it would end the process with
      // Node's exit code 7 instead of the crash's 1, and the buffers below would not be written.
    } finally {
      flushEverythingSync();
    }
  };
  const onExit = (): void => flushEverythingSync();
  const signalHandlers = new Map<NodeJS.Signals, () => void>();
  const signals = options.signals ?? (['SIGTERM', 'SIGINT'] as const);
  for (const signal of signals) {
    const handler = (): void => {
      flushEverythingSync();
      // Alone, we replaced the default action: restore it and end the way the signal would have. With a
      // listener of the application's, it decides (graceful shutdown); `exit` flushes again.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    signalHandlers.set(signal, handler);
    // First, so the count above still includes an application's `process.once` listener of this signal
    // (a `once` listener is removed just before it runs; counted after it, the graceful shutdown it began
    // would be cut short by the signal).
    process.prependListener(signal, handler);
  }
  // A signal arriving while the loop runs its last turn would otherwise reach no listener and the process
  // would exit 0.
  const stopDelivering = signals.length > 0 ? deliverSignalsBeforeIdleExit() : () => {};
  process.on('uncaughtExceptionMonitor', onCrash);
  process.on('exit', onExit);
  const uninstall = (): void => {
    process.off('uncaughtExceptionMonitor', onCrash);
    process.off('exit', onExit);
    for (const [signal, handler] of signalHandlers) process.off(signal, handler);
    stopDelivering();
    if (installed === uninstall) installed = undefined;
  };
  installed = uninstall;
  return uninstall;
}
