// What users do, as records with an `event` insight can count: logins, logouts, sign-ups, subscriptions,
// purchases, failed logins. Known events get a readable message; any other name is logged as given.

import { Level } from 'logbook';

export class ActionNameError extends Error {
  override name = 'ActionNameError';
}

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export function checkActionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !EVENT_NAME.test(name)) {
    throw new ActionNameError(
      `action() needs a lower-case, dot-separated event name such as 'user.login' or 'newsletter.subscribe', ` +
        `got ${JSON.stringify(name)}.`,
    );
  }
}

/** Event names that mean a failed login: they feed the brute-force detection. */
export const FAILED_LOGIN_EVENTS: ReadonlySet<string> = new Set(['user.login_failed', 'user.login.failed']);

const TEMPLATES: Record<string, string> = {
  'user.login': 'User {user} logged in',
  'user.logout': 'User {user} logged out',
  'user.signup': 'User {user} signed up',
  'user.login_failed': 'Failed login',
  'user.login.failed': 'Failed login',
  'user.password_reset': 'User {user} asked for a password reset',
  'newsletter.subscribe': 'Newsletter subscription by {user}',
  'newsletter.unsubscribe': 'Newsletter unsubscription by {user}',
  purchase: 'Purchase by {user}',
};

/**
 * The message template of an action: a known one, else `Action {action} by {user}`. Inside a request it ends
 * with the client and address (`… with Chrome 141 on Windows 10 from 198.51.100.14`): a console or text line
 * shows the message and fields, not the record's client. Outside one a failed login still says where from.
 */
export function actionTemplate(name: string, inRequest: boolean): string {
  // Own keys only: `constructor` is a valid event name, and the table's prototype has a function under it.
  const template =
    (Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name] : undefined) ?? 'Action {action} by {user}';
  if (inRequest) return `${template} with {who}`;
  return FAILED_LOGIN_EVENTS.has(name) ? `${template} from {ip}` : template;
}

/** Failed logins are WARNINGs (someone may be guessing); every other action is a NOTICE. */
export function actionLevel(name: string): number {
  return FAILED_LOGIN_EVENTS.has(name) ? Level.WARNING : Level.NOTICE;
}
