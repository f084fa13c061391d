import { describe, expect, it } from 'vitest';
import { classify } from '../src/index.js';

// CONNECT asks the server to open a tunnel to a host and port (RFC 9112 3.2.3: `CONNECT example.com:443 HTTP/1.1`).
// Sent to a web site that is no proxy it is a proxy probe: one signal, bad-method. Its target is well-formed HTTP,
// so it is no malformed request, unless the target is not a host and port at all.
const CURL = 'curl/8.5.0';

function signals(target: string): string[] {
  return classify({ method: 'CONNECT', path: target, userAgent: CURL, status: 400 }).signals.filter(
    (s) => s !== 'tool-user-agent',
  );
}

describe('a CONNECT request', () => {
  it('to a host and port is a proxy probe, told by bad-method alone', () => {
    for (const target of [
      'example.com:443',
      'www.google.com:443',
      '203.0.113.7:25',
      '[2001:db8::1]:443',
      'smtp.mail.example:587',
      'localhost:22',
      'internal_host:8080',
    ])
      expect(signals(target), target).toEqual(['bad-method']);
  });

  it('whose target is not a host and port is malformed as well', () => {
    for (const target of [
      'example.com',
      'example.com:',
      'example.com:123456',
      'http://example.com/',
      'example.com:443/path',
      '[2001:db8::1]',
      'exa mple.com:443',
      '*',
    ])
      expect(signals(target), target).toEqual(['bad-method', 'malformed-request']);
    // A path, as to any site, is read by the path rules too.
    expect(signals('/.env')).toEqual(['sensitive-file', 'bad-method', 'malformed-request']);
  });

  it('of another method to a host and port is malformed: only CONNECT names one', () => {
    expect(classify({ method: 'GET', path: 'example.com:443', userAgent: CURL }).signals).toContain(
      'malformed-request',
    );
  });
});
