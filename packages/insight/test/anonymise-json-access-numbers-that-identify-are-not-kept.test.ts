import { describe, it, expect } from 'vitest';
import { Pseudonymiser } from '../src/index.js';
import { anonymiseJsonAccessLine } from '../src/commands/anonymise-json-access-line.js';
import { flattenLine } from '../src/record-line.js';
import { caddyLine, SITE, traefikLine } from './support/server-json-logs.js';

const USER = 4217;
const SECRETS = { session_id: 918273645, otp: 482913, api_key: 77123456 };

function copy(entry: object): { text: string; user: string | undefined } {
  const p = new Pseudonymiser({ key: 'k' });
  const text = anonymiseJsonAccessLine(JSON.stringify(entry), p);
  return { text, user: flattenLine(text)?.user };
}

/**
 * A JSON value may be a number where a name is usual: a numeric user id, a session id or one-time code under a key
 * named so. The copy kept every number as it was, so those went out unchanged.
 */
describe('anonymise of a JSON access log', () => {
  it('writes a numeric user as a pseudonym and a number under a secret-named key as -', () => {
    const { text, user } = copy({
      time_local: '21/Nov/2026:10:00:00 +0000',
      remote_addr: '192.0.2.1',
      remote_user: USER,
      request: 'GET / HTTP/1.1',
      status: 200,
      body_bytes_sent: 512,
      request_time: 0.05,
      ...SECRETS,
    });
    const out = JSON.parse(text) as Record<string, unknown>;
    expect(user).toMatch(/^u-[0-9a-f]{10}$/);
    for (const key of Object.keys(SECRETS)) expect(out[key], key).toBe('-');
    // the numbers the reader needs stay
    expect([out.status, out.body_bytes_sent, out.request_time]).toEqual([200, 512, 0.05]);
    expect(text).not.toContain(String(USER));
  });

  it("writes Caddy's and Traefik's numeric user as a pseudonym", () => {
    const caddy = { ...JSON.parse(caddyLine(SITE[0]!)), user_id: USER };
    const traefik = { ...JSON.parse(traefikLine(SITE[0]!)), ClientUsername: USER };
    for (const entry of [caddy, traefik]) {
      const { text, user } = copy(entry);
      expect(user, text).toMatch(/^u-[0-9a-f]{10}$/);
      expect(text).not.toContain(String(USER));
    }
  });
});
