// What @logbook/web puts on the application's logging stack: a collector that keeps what a request logs (its
// trail, for the incident record) and a processor that adds the request's id, client, user and session to every
// record logged during it. The core's own records (access, incident, verdict) go out through dispatchOwn, which
// keeps them out of the trail.

import { Handler, NestedSetup, Processor, dispatch, stack, type LogRecord } from 'logbook';
import type { ResolvedOptions } from './options.js';
import { requestStorage, type RequestOwner } from './request-context.js';

/** Set while the core dispatches its own access and incident records, so they stay out of the trail. */
let dispatchingOwn = false;

/**
 * Part of the two members' names, so that the stack's error for closing a logging setup pushed before them says
 * which object to close first.
 */
const OFF_THE_STACK = ' of @logbook/web: call close() on the createWebLogbook() result first';

/** Collects what a request logs into its trail, for the incident record. Never writes anything. */
class TrailHandler extends Handler {
  constructor(
    private readonly owner: RequestOwner,
    level: number,
  ) {
    super({ level, bubble: true });
  }

  emit(record: LogRecord): void {
    if (dispatchingOwn) return;
    const state = requestStorage.getStore();
    if (state !== undefined && state.owner === this.owner && !state.finished) state.addToTrail(record);
  }

  override toString(): string {
    return `WebTrailHandler${OFF_THE_STACK}`;
  }
}

/** Adds the request's id, client, user and session (and the app) to every record logged during it. */
function enrich(record: LogRecord, owner: RequestOwner, options: ResolvedOptions): void {
  const context = record.context;
  const app = options.app;
  if (app !== undefined && context?.app === undefined) record.set('app', app);
  const state = requestStorage.getStore();
  // Records logged after the response (background work of the request) still belong to it.
  if (state === undefined || state.owner !== owner) return;
  if (context !== undefined && context.request !== undefined) return;
  record.set('request', state.requestSummary());
  record.set('client', state.client());
  if (state.user !== undefined) record.set('user', state.user);
  if (state.session !== undefined) record.set('session', state.session);
}

/** The trail collector and the request processor of one web logbook, to push onto the application stack. */
export function stackMembers(owner: RequestOwner, options: ResolvedOptions): NestedSetup {
  return new NestedSetup([
    new TrailHandler(owner, options.trailLevel),
    new Processor((record) => enrich(record, owner, options), `web-request${OFF_THE_STACK}`),
  ]);
}

/** Dispatches one of the core's own records to the current stack, keeping it out of every request's trail. */
export function dispatchOwn(record: LogRecord): void {
  dispatchingOwn = true;
  try {
    dispatch(record, stack.current());
  } finally {
    dispatchingOwn = false;
  }
}
