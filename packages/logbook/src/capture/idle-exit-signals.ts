// Node hands a signal to its listeners on a later turn of the event loop. A signal that arrives during the
// loop's last turn (nothing else keeps it alive: a script's final synchronous work, a last callback) never
// gets that turn: the process exits normally with code 0 and no listener runs, so a supervisor sees success
// for a process it stopped. Without any listener the default action would have ended it by the signal.
//
// When the loop empties ('beforeExit'), this takes one more turn (an immediate), in which libuv reads any
// pending signal and Node runs the listeners. If that turn ran nothing but the immediate, the process then
// exits as it would have without it, before other 'beforeExit' listeners see a second 'beforeExit'.

import { createHook } from 'node:async_hooks';
import { isMainThread } from 'node:worker_threads';

/** Installs the extra turn; returns a function that removes it. Does nothing outside the main thread. */
export function deliverSignalsBeforeIdleExit(): () => void {
  // Signals are only delivered to the main thread.
  if (!isMainThread) return () => {};
  let probing = false;
  let callbacks = 0;
  const sameTurn = new Set<number>();
  // Counts the loop's callbacks between one 'beforeExit' and the next; enabled only in that window.
  // Promise reactions, process.nextTick and queueMicrotask callbacks run within the turn that queued them
  // (a listener's console.log on a pipe queues a tick), so they do not count. A callback of a resource
  // created before the window is counted, which errs towards Node's own behaviour.
  const hook = createHook({
    init(asyncId, type) {
      if (type === 'PROMISE' || type === 'TickObject' || type === 'Microtask') sameTurn.add(asyncId);
    },
    before(asyncId) {
      if (!sameTurn.has(asyncId)) callbacks++;
    },
  });
  const stopCounting = (): void => {
    hook.disable();
    sameTurn.clear();
    probing = false;
  };
  const onBeforeExit = (): void => {
    if (probing) {
      const onlyTheProbeRan = callbacks === 1;
      stopCounting();
      // Without the probe there would have been no second 'beforeExit': end now with the code the process
      // had (process.exitCode). Otherwise other work ran and this 'beforeExit' is Node's own: look again.
      if (onlyTheProbeRan) process.exit();
    }
    probing = true;
    callbacks = 0;
    hook.enable();
    setImmediate(() => {});
  };
  // First, so that a second 'beforeExit' caused by the probe reaches no other listener.
  process.prependListener('beforeExit', onBeforeExit);
  return () => {
    process.off('beforeExit', onBeforeExit);
    stopCounting();
  };
}
