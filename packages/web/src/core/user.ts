// Users on records: the id pseudonymised with a keyed hash by default (the same user gets the same
// pseudonym while the secret stays the same, so insight can count returning users without knowing who
// they are); names and e-mail addresses only when the application opted in.

import { createHmac } from 'node:crypto';
import type { UserJson } from 'logbook/schema';

/** What the application knows about the signed-in user. */
export interface UserInput {
  id: string | number;
  name?: string;
  email?: string;
}

export class UserError extends Error {
  override name = 'UserError';
}

export interface UserPolicy {
  secret: string;
  storeUserIds: boolean;
  storeUserNames: boolean;
  storeUserEmails: boolean;
}

/** A stable pseudonym: `prefix` + 16 hex characters of HMAC-SHA256(secret, value). */
export function pseudonym(secret: string, prefix: string, value: string): string {
  return prefix + createHmac('sha256', secret).update(value).digest('hex').slice(0, 16);
}

export function toUserJson(user: UserInput, policy: UserPolicy): UserJson {
  if (
    typeof user !== 'object' ||
    user === null ||
    (typeof user.id !== 'string' && typeof user.id !== 'number')
  ) {
    throw new UserError(
      `setUser() needs an object with an id, such as { id: user.id, name: user.name }, got ${JSON.stringify(user)}.`,
    );
  }
  const id = String(user.id);
  const out: UserJson = { id: policy.storeUserIds ? id : pseudonym(policy.secret, 'u-', id) };
  if (policy.storeUserNames && typeof user.name === 'string') out.name = user.name;
  if (policy.storeUserEmails && typeof user.email === 'string') out.email = user.email;
  return out;
}
