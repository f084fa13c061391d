// What an application tells about its users: who is signed in on a request, which requests need a signed-in
// user, and what a user did (`user.login`, `purchase`, …), logged with the request's user, client and address.

import { currentTime, type Fields, type LevelLike } from 'logbook';
import { FAILED_LOGIN_EVENTS, actionLevel, actionTemplate, checkActionName } from './actions.js';
import type { ChannelLoggers } from './channel-loggers.js';
import { who } from './client-words.js';
import type { ResolvedOptions } from './options.js';
import { currentRequest, stateOf } from './request-context.js';
import { toUserJson, type UserInput } from './user.js';
import type { VerdictWatch } from './verdict-watch.js';

export interface ActionOptions {
  /** Default NOTICE (WARNING for failed logins). */
  level?: LevelLike;
  /** Overrides the built-in message template. */
  message?: string;
  /** Channel of the record (default 'app'). */
  channel?: string;
}

export class UserActions {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly verdicts: VerdictWatch,
    private readonly loggers: ChannelLoggers,
  ) {}

  /** Sets (or with null clears) the signed-in user of a request; later records of the request carry it. */
  setUser(target: unknown, user: UserInput | null): void {
    const state = stateOf(target) ?? (target === undefined ? currentRequest() : undefined);
    if (state === undefined) {
      throw new TypeError(
        'setUser() found no request: call it with the request or context of a request that went through ' +
          "Logbook's middleware, or without one inside the request's handler.",
      );
    }
    state.user = user === null ? undefined : toUserJson(user, this.options);
  }

  /** Marks the current request as one for signed-in users only (a crawler there is worth a NOTICE). */
  requireAuth(target?: unknown): void {
    const state = target === undefined ? currentRequest() : stateOf(target);
    if (state !== undefined) state.authRequired = true;
  }

  /** Logs what a user did (`user.login`, `purchase`, …) with the request's user, client and ip. */
  action(name: string, fields: Fields = {}, options: ActionOptions = {}): void {
    checkActionName(name);
    const state = currentRequest();
    if (state !== undefined && FAILED_LOGIN_EVENTS.has(name)) {
      state.loginFailed = true;
      const verdict = this.verdicts.tracker.recordFailedLogin(state.ip, state.userAgent, currentTime());
      if (verdict !== undefined) this.verdicts.changed(verdict, state.client(), state);
    }
    const template = options.message ?? actionTemplate(name, state !== undefined);
    const values: Fields = { ...fields };
    if (template.includes('{user}') && values.user === undefined)
      values.user = state?.user?.id ?? 'anonymous';
    if (template.includes('{ip}') && values.ip === undefined) values.ip = state?.ip ?? 'unknown address';
    if (template.includes('{action}') && values.action === undefined) values.action = name;
    if (state !== undefined && template.includes('{who}') && values.who === undefined)
      values.who = who(state.client(), state.userAgent, state.ip);
    const level = options.level ?? actionLevel(name);
    this.loggers.get(options.channel ?? 'app').log(level, template, values, { event: name });
  }
}
