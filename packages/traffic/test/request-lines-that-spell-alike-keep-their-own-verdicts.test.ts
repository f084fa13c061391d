import { describe, expect, it } from 'vitest';
import { classify } from '../src/index.js';

// What a method and target decide is remembered per request line. Two different lines whose parts, run together,
// read the same must still get their own answers, whichever comes first.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function signals(method: string, path: string, query?: string): string[] {
  return classify({ method, path, ...(query !== undefined ? { query } : {}), status: 200, userAgent: CHROME })
    .signals;
}

describe('request lines that spell alike', () => {
  it('where the method ends and the path begins', () => {
    expect(signals('GET', '/x')).toEqual([]);
    expect(signals('GE', 'T/x')).toEqual(['malformed-request']);
  });

  it('where an implausible method with a space ends', () => {
    expect(signals('A', '/etc/passwd /x')).toEqual(['path-traversal', 'malformed-request']);
    expect(signals('A /etc/passwd', '/x')).toEqual(['malformed-request']);
  });

  it('where the query ends and the path begins', () => {
    // A 1-character query then a path starting with 15 characters, against that 15-character query.
    expect(signals('GET', 'f=/etc/passwd&x/b', '5')).toEqual(['path-traversal', 'malformed-request']);
    expect(signals('GET', '/b', 'f=/etc/passwd&x')).toEqual(['path-traversal']);
  });
});
