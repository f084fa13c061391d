import { describe, expect, it } from 'vitest';
import { pathSegments, percentDecode } from '../src/decode.js';

describe('request target decoding', () => {
  it('decodes repeatedly, up to triple encoding', () => {
    expect(percentDecode('%252e%252e%252f', false).text).toBe('../');
    expect(percentDecode('%25252e', false).text).toBe('.');
    // A fourth layer is left as it is: no client encodes four times.
    expect(percentDecode('%2525252e', false).text).toBe('%2e');
  });

  it('takes only hex digits as an escape', () => {
    expect(percentDecode('/%g0%Gf', false)).toEqual({ text: '/%g0%Gf', invalid: true });
    expect(percentDecode('/%4', false)).toEqual({ text: '/%4', invalid: true });
    expect(percentDecode('/%af%AF%0a', false).text).toBe('/\uFFFD\uFFFD\n');
    // Beside a bad escape (the tolerant decoder): the digits 0 and 9, and escapes cut short at the end.
    expect(percentDecode('/%30%39%zz', false)).toEqual({ text: '/09%zz', invalid: true });
    expect(percentDecode('/%zz%4', false)).toEqual({ text: '/%zz%4', invalid: true });
    expect(percentDecode('/%zz%41', false)).toEqual({ text: '/%zzA', invalid: true });
  });

  it('calls overlong and surrogate forms revealed by a later round invalid, as IIS double-decoding attacks use them', () => {
    for (const raw of ['/%25c0%25af', '/%25e0%2580%25af', '/%25f0%2580%2580%25af', '/%25ed%25a0%2580']) {
      expect(percentDecode(raw, false).invalid, raw).toBe(true);
    }
    // A character someone typed, encoded twice, is no attack.
    expect(percentDecode('/%25c3%25a9', false)).toEqual({ text: '/é', invalid: false });
    // The edges of the overlong and surrogate forms, and the first valid lead bytes past them, cut short (no
    // attack: text someone typed, such as a search for `%e0%a0`).
    for (const raw of [
      '/%25c1%25bf',
      '/%25c0%2580',
      '/%25e0%259f%25bf',
      '/%25f0%258f%25bf',
      '/%25ed%25bf%25bf',
    ]) {
      expect(percentDecode(raw, false).invalid, raw).toBe(true);
    }
    for (const raw of [
      '/%25c0',
      '/%25c0%25c0',
      '/%25c1%25c0',
      '/%25c0%257f',
      '/%25e0%25a0',
      '/%25e0%257f',
      '/%25f0%2590',
      '/%25f0%257f',
      '/%25ed%259f',
      '/%25ed%25c0',
      '/%25e5%2580',
      '/%2580%25c0',
    ]) {
      expect(percentDecode(raw, false).invalid, raw).toBe(false);
    }
  });

  it('keeps invalid escapes and says they were invalid, without throwing', () => {
    expect(percentDecode('/a%zz%', false)).toEqual({ text: '/a%zz%', invalid: true });
    expect(percentDecode('/caf%E9', false).invalid).toBe(true);
    expect(percentDecode('/caf%C3%A9', false)).toEqual({ text: '/café', invalid: false });
  });

  it('turns + into space only in queries', () => {
    expect(percentDecode('a+b', true).text).toBe('a b');
    expect(percentDecode('a+b', false).text).toBe('a+b');
    expect(percentDecode('a%2Bb+c', true).text).toBe('a+b c');
    expect(percentDecode('q=1%2B1%2520', true).text).toBe('q=1+1 ');
  });

  it('resolves //, /./, /../ and backslashes the way a server does, never above the root', () => {
    expect(pathSegments('//a/./b/../c')).toEqual(['a', 'c']);
    expect(pathSegments('/../../../etc/passwd')).toEqual(['etc', 'passwd']);
    expect(pathSegments('\\wp-admin\\')).toEqual(['wp-admin']);
    expect(pathSegments('/\\wp-admin')).toEqual(['wp-admin']);
  });
});
