// Every live writer is known here so that exit and crash paths can write out what is pending, even for
// handlers that are not on the application stack (bound to a context, wrapped, or never pushed).

export interface SyncFlushable {
  flushSync(): void;
  readonly isClosed: boolean;
}

const live = new Set<WeakRef<SyncFlushable>>();
let exitHookInstalled = false;

/** Registers a writer; its pending text is written when the process exits (process.exit() included). */
export function flushAllOnExit(writer: SyncFlushable): void {
  live.add(new WeakRef(writer));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', flushAllWriters);
  }
}

/** Writes out every live writer's pending text synchronously. Never throws. */
export function flushAllWriters(): void {
  for (const ref of live) {
    const writer = ref.deref();
    if (writer === undefined || writer.isClosed) {
      live.delete(ref);
      continue;
    }
    try {
      writer.flushSync();
    } catch {
      // The writer reports its own failures; the exit path must go on to the next one.
    }
  }
}
