import { describe, expect, it } from 'vitest';
import { pathSegments, percentDecode } from '../src/decode.js';

describe('request target decoding', () => {
  it('decodes repeatedly, up to triple encoding', () => {
    expect(percentDecode('%252e%252e%252f', false).text).toBe('../');
    expect(percentDecode('%25252e', false).text).toBe('.');
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
  });

  it('resolves //, /./, /../ and backslashes the way a server does, never above the root', () => {
    expect(pathSegments('//a/./b/../c')).toEqual(['a', 'c']);
    expect(pathSegments('/../../../etc/passwd')).toEqual(['etc', 'passwd']);
    expect(pathSegments('\\wp-admin\\')).toEqual(['wp-admin']);
  });
});
