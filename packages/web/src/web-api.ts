// The few functions an application calls: create the web logbook, then — from anywhere in a request's
// code, with or without the request object — set the user, log actions, report an error it handled.

import type { Fields } from 'logbook';
import type { WebLogbookOptions } from './core/options.js';
import { currentRequest, stateOf, type IncidentInfo } from './core/request-context.js';
import type { UserInput } from './core/user.js';
import { WebLogbook, latestWebLogbook, type ActionOptions } from './core/web-logbook.js';

/** Creates the web logbook and puts its request processor and trail collector on the application stack. */
export function createWebLogbook(options: WebLogbookOptions = {}): WebLogbook {
  return new WebLogbook(options);
}

function ownerOf(target: unknown): WebLogbook {
  const state = target === undefined ? currentRequest() : stateOf(target);
  const owner = (state?.owner as WebLogbook | undefined) ?? latestWebLogbook();
  if (owner === undefined) {
    throw new TypeError(
      'No web logbook exists yet: call createWebLogbook() at start-up, before handling requests.',
    );
  }
  return owner;
}

/**
 * Sets the signed-in user of a request: `setUser(req, { id, name, email })` with the request or context
 * your framework gives you, or `setUser({ id })` inside the request's code. `null` clears it (logout).
 */
export function setUser(user: UserInput | null): void;
export function setUser(reqOrCtx: object, user: UserInput | null): void;
export function setUser(...args: [UserInput | null] | [object, UserInput | null]): void {
  if (args.length === 1) ownerOf(undefined).setUser(undefined, args[0]);
  else ownerOf(args[0]).setUser(args[0], args[1]);
}

/** Logs a user action (`user.login`, `newsletter.subscribe`, `purchase`, `user.login_failed` …). */
export function action(name: string, fields?: Fields, options?: ActionOptions): void {
  ownerOf(undefined).action(name, fields, options);
}

/**
 * For an application's own error handler: records the incident (once per request) and returns its
 * reference to show, e.g. `const { ref } = captureError(req, err)`.
 */
export function captureError(reqOrCtx: object | undefined, error: unknown): IncidentInfo {
  return ownerOf(reqOrCtx).captureError(reqOrCtx, error);
}

/** The current request's id (inside a request's code), for passing on to other services. */
export function currentRequestId(): string | undefined {
  return currentRequest()?.id;
}

/** Marks the current request as one for signed-in users (a crawler there gets `crawler-restricted`). */
export function requireAuth(reqOrCtx?: object): void {
  ownerOf(reqOrCtx).requireAuth(reqOrCtx);
}

/**
 * Names the route pattern of a request ('/users/:id') when the framework cannot (plain node:http with
 * your own router); Express, Fastify, Hono and koa-router patterns are read automatically.
 */
export function setRoute(reqOrCtx: object | undefined, pattern: string): void {
  const state = reqOrCtx === undefined ? currentRequest() : stateOf(reqOrCtx);
  if (state !== undefined) state.route = pattern;
}
