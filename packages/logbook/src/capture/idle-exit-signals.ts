// Node hands a signal to its listeners on a later turn of the event loop. A signal that arrives during the
// loop's last turn (nothing else keeps it alive: a script's final synchronous work, a last callback) never
// gets that turn: the process exits normally with code 0 and no listener runs, so a supervisor sees success
// for a process it stopped. Without any listener the default action would have ended it by the signal.
//
// When the loop empties ('beforeExit'), this takes one more turn (the probe, an immediate), in which libuv
// reads any pending signal and Node runs the listeners. If nothing but the probe ran in that turn, the process
// then exits as it would have without it, before other 'beforeExit' listeners see a second 'beforeExit'.

import { AsyncResource, createHook, executionAsyncResource } from 'node:async_hooks';
import { isMainThread } from 'node:worker_threads';

/**
 * Whether a callback's resource is one that runs within the turn that queued it, not work of the loop: a promise
 * reaction, a process.nextTick callback (a plain object; a listener's console.log on a pipe queues one), a
 * queueMicrotask callback (an AsyncResource). Told by the resource, not by the type seen when it was created, as
 * a 'beforeExit' listener that runs ahead of ours queues them before the watch begins.
 */
function runsInItsOwnTurn(resource: object): boolean {
  return (
    resource instanceof Promise ||
    resource instanceof AsyncResource ||
    Object.getPrototypeOf(resource) === Object.prototype
  );
}

/** Installs the extra turn; returns a function that removes it. Does nothing outside the main thread. */
export function deliverSignalsBeforeIdleExit(): () => void {
  // Signals are only delivered to the main thread.
  if (!isMainThread) return () => {};
  /** The probe, until it has run. */
  let probe: NodeJS.Immediate | undefined;
  /** A probe was started and no other callback of the loop has run since. */
  let onlyProbe = false;
  let removed = false;
  // Watches the loop's callbacks from a 'beforeExit' until the first one that is neither the probe nor one that
  // runs in its own turn. A callback of a resource created before the window (an unref'd timer) counts, which
  // errs towards Node's own behaviour: one more 'beforeExit'.
  const hook = createHook({
    before() {
      const resource = executionAsyncResource();
      if (resource === probe || runsInItsOwnTurn(resource)) return;
      // Other work ran, so the next 'beforeExit' is Node's own. Stop watching at once: that work may be a job
      // runner started by a 'beforeExit' listener, for hours, and a hook costs on every callback and promise.
      stopWatching();
    },
  });
  function stopWatching(): void {
    hook.disable();
    onlyProbe = false;
  }
  const onBeforeExit = (): void => {
    // Only the probe ran since the last 'beforeExit': without it there would have been no second one. End now
    // with the code the process had (process.exitCode).
    if (onlyProbe) process.exit();
    if (removed) {
      process.off('beforeExit', onBeforeExit);
      return;
    }
    onlyProbe = true;
    hook.enable();
    probe = setImmediate(() => {
      probe = undefined;
    });
  };
  // First, so that a second 'beforeExit' caused by the probe reaches no other listener (one prepended later does).
  process.prependListener('beforeExit', onBeforeExit);
  return () => {
    removed = true;
    if (probe !== undefined) {
      // Removed before the probe ran (from a 'beforeExit' listener): no extra turn, Node exits as it would have.
      clearImmediate(probe);
      probe = undefined;
      stopWatching();
    }
    // After a probe that was all that ran, the coming 'beforeExit' is the probe's: stay for it, to end the process
    // before the application's listeners see it.
    if (!onlyProbe) process.off('beforeExit', onBeforeExit);
  };
}
