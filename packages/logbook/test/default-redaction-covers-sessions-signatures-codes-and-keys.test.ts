// What a production web app logs by accident (a cookie parsed into an object, a webhook's headers, a login
// form, a cloud config) must be redacted without configuration, and the words that only look alike must not.
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/index.js';

const redact = createRedactor();
const R = '[redacted]';

describe('the default redaction keys', () => {
  it('cover session cookies by their usual names', () => {
    const cookies = {
      sid: 's%3Aabc',
      'connect.sid': 's%3Aabc.sig',
      PHPSESSID: 'abc',
      JSESSIONID: 'abc',
      'ASP.NET_SessionId': 'abc',
      'koa.sess': 'abc',
      'koa.sess.sig': 'abc',
    };
    expect(redact(cookies)).toEqual(Object.fromEntries(Object.keys(cookies).map((key) => [key, R])));
  });

  it('cover signatures, CSRF values, one-time codes and bearer credentials', () => {
    const input = {
      signature: 'a1b2',
      sig: 'a1b2',
      'x-hub-signature': 'sha1=a1',
      'x-hub-signature-256': 'sha256=a1',
      'stripe-signature': 't=1,v1=a1',
      'X-Amz-Signature': 'a1',
      _csrf: 'c',
      xsrf: 'c',
      'x-csrf': 'c',
      otp: '123456',
      totp: '123456',
      mfa_code: '123456',
      auth: { user: 'ann', pass: 'x' },
      bearer: 'eyJ',
      jwt: 'eyJ',
      credentials: { user: 'ann', pass: 'x' },
    };
    expect(redact(input)).toEqual(Object.fromEntries(Object.keys(input).map((key) => [key, R])));
  });

  it('cover key material and identity or bank numbers', () => {
    const input = {
      passphrase: 'correct horse',
      gpg_passphrase: 'correct horse',
      ssh_private_key: '-----BEGIN',
      access_key: 'AKIA',
      aws_secret_access_key: 'wJal',
      secret_key: 'sk',
      encryption_key: 'k',
      signing_key: 'k',
      ssn: '078-05-1120',
      iban: 'DE89370400440532013000',
      cvc: '123',
    };
    expect(redact(input)).toEqual(Object.fromEntries(Object.keys(input).map((key) => [key, R])));
  });

  it('leave alone the words that only look like secrets, and the fields @logbook/web writes', () => {
    const input = {
      author: 'ann',
      authorId: 7,
      authors: ['ann'],
      tokens_used: 12,
      max_tokens: 100,
      session: 's-3f2a', // @logbook/web's pseudonymised session id
      sidebar: 'open',
      signatureValid: true,
      keyId: 'k-1',
      cacheKey: 'user:7',
      passport: 'uk',
      otpEnabled: true,
      isbn: '978-3-16',
    };
    expect(redact(input)).toBe(input);
  });
});
