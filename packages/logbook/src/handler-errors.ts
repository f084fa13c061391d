// A handler that fails (disk full, socket closed, formatter bug) must never break the code that logged.
// What happens instead is a policy, like Python Logbook's Flags: print once, stay silent, or throw (tests).

export type ErrorPolicy = 'print' | 'silent' | 'throw';

export const handlerErrorSettings: { policy: ErrorPolicy } = { policy: 'print' };

/** Sets the process-wide default policy; a handler's own `errors` option overrides it. */
export function setHandlerErrorPolicy(policy: ErrorPolicy): void {
  if (policy !== 'print' && policy !== 'silent' && policy !== 'throw') {
    throw new TypeError(
      `Unknown handler error policy ${JSON.stringify(policy)}: use 'print', 'silent' or 'throw'.`,
    );
  }
  handlerErrorSettings.policy = policy;
}

export interface FailureCounter {
  errorCount: number;
  errorReported: boolean;
  readonly errors: ErrorPolicy | undefined;
}

/** The policy that applies to `owner`: its own, else the process-wide default. */
export function policyOf(owner: FailureCounter): ErrorPolicy {
  return owner.errors ?? handlerErrorSettings.policy;
}

/**
 * A record reached a handler after its close(): it is dropped, and the first time the policy reports why, so
 * that a shutdown in the wrong order does not lose records silently.
 */
export function reportClosed(owner: FailureCounter & { toString(): string }, records: number): void {
  reportFailure(
    owner,
    `${owner.toString()} taking ${records === 1 ? 'a record' : `${records} records`} after close()`,
    new Error(
      'the handler is closed, so the record was dropped: pop the handler from the stack before closing it, ' +
        'and close it only after the last record',
    ),
  );
}

/** Counts a failure and applies the policy. `what` names the failing object and the action. */
export function reportFailure(owner: FailureCounter, what: string, error: unknown): void {
  owner.errorCount++;
  const policy = policyOf(owner);
  if (policy === 'throw') throw error;
  if (policy === 'silent' || owner.errorReported) return;
  owner.errorReported = true;
  let reason: string;
  try {
    reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    reason = 'unprintable error';
  }
  try {
    process.stderr.write(
      `logbook: ${what} failed: ${reason}. The application goes on; further failures of this object are ` +
        `counted (errorCount), not printed.\n`,
    );
  } catch {
    // stderr itself is gone: nothing left to tell.
  }
}
