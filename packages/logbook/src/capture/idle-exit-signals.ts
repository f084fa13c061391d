// Node hands a signal to its listeners on a later turn of the event loop. A signal that arrives during the
// loop's last turn (nothing else keeps it alive: a script's final synchronous work, a last callback) never
// gets that turn: the process exits normally with code 0 and no listener runs, so a supervisor sees success
// for a process it stopped. Without any listener the default action would have ended it by the signal.
//
// When the loop empties ('beforeExit'), this takes one more turn (the probe, an immediate), in which libuv
// reads any pending signal and Node runs the listeners. If nothing but the probe ran in that turn, the process
// then exits as it would have without it, before other 'beforeExit' listeners see a second 'beforeExit'.

import { createHook, executionAsyncResource } from 'node:async_hooks';
import { isMainThread } from 'node:worker_threads';

/** Installs the extra turn; returns a function that removes it. Does nothing outside the main thread. */
export function deliverSignalsBeforeIdleExit(): () => void {
  // Signals are only delivered to the main thread.
  if (!isMainThread) return () => {};
  /** The probe, until it has run. */
  let probe: NodeJS.Immediate | undefined;
  /** A probe was started and no other callback of the loop has run since. */
  let onlyProbe = false;
  let removed = false;
  const runInTheirTurn = new Set<number>();
  // Watches the loop's callbacks from a 'beforeExit' until the first one that is not the probe. Promise
  // reactions, process.nextTick and queueMicrotask callbacks run within the turn that queued them (a listener's
  // console.log on a pipe queues a tick), so they do not count. A callback of a resource created before the
  // window (an unref'd timer) counts, which errs towards Node's own behaviour: one more 'beforeExit'.
  const hook = createHook({
    init(asyncId, type) {
      if (type === 'PROMISE' || type === 'TickObject' || type === 'Microtask') runInTheirTurn.add(asyncId);
    },
    before(asyncId) {
      if (runInTheirTurn.has(asyncId) || (probe !== undefined && executionAsyncResource() === probe)) return;
      // Other work ran, so the next 'beforeExit' is Node's own. Stop watching at once: that work may be a job
      // runner started by a 'beforeExit' listener, for hours, and a hook costs on every callback and promise.
      stopWatching();
    },
  });
  function stopWatching(): void {
    hook.disable();
    runInTheirTurn.clear();
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
  // First, so that a second 'beforeExit' caused by the probe reaches no other listener.
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
