// Request ids: an incoming X-Request-Id is kept when it looks like an id (bounded, no spaces or control
// characters: it ends up in headers and logs), otherwise one is made: a per-process prefix and a counter,
// which is cheaper than random bytes per request and still unique across restarts in practice.

import { randomBytes } from 'node:crypto';

const VALID = /^[A-Za-z0-9._:@/+=~-]{1,128}$/;

/** The incoming id when it is acceptable, else undefined. */
export function acceptRequestId(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  return VALID.test(value) ? value : undefined;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function createRequestIdGenerator(): () => string {
  const bytes = randomBytes(6);
  let prefix = '';
  for (const byte of bytes) prefix += ALPHABET[byte & 31];
  prefix += '-';
  let counter = 0;
  return () => prefix + (++counter).toString(36);
}
