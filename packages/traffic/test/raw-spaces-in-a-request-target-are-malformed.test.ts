import { describe, expect, it } from 'vitest';
import { classify, type RequestFacts } from '../src/index.js';

// No request target holds a raw space (RFC 9112 3.2): browsers and HTTP libraries send `%20` or `+`, and a space
// is where the request line ends. `GET /a b HTTP/1.1` comes from scanners and hand-made requests; Node and Apache
// refuse it with a 400, a lenient reader (nginx, a log parser) passes `/a b` on. Like a tab or a control byte, it
// makes the request malformed, and the rules read the target as they read `%20`.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function signals(path: string, extra: Partial<RequestFacts> = {}): string[] {
  return classify({ method: 'GET', path, userAgent: CHROME, status: 200, ...extra }).signals;
}

describe('a raw space in the request target', () => {
  it('is a malformed request, in the path or the query', () => {
    expect(signals('/a b')).toEqual(['malformed-request']);
    expect(signals('/ ')).toEqual(['malformed-request']);
    expect(signals('/search?q=a b')).toEqual(['malformed-request']);
    expect(signals('/search', { query: 'q=a b' })).toEqual(['malformed-request']);
    expect(signals('/search', { query: '?q=a b' })).toEqual(['malformed-request']);
  });

  it('encoded as browsers send it is not', () => {
    expect(signals('/a%20b')).toEqual([]);
    expect(signals('/search?q=a+b')).toEqual([]);
    expect(signals('/search?q=a%20b')).toEqual([]);
    expect(signals('/search', { query: 'q=a+b' })).toEqual([]);
  });

  it('leaves the other rules reading the target as they read %20', () => {
    expect(signals('/JspWebshell 1.2.jsp')).toEqual(['backdoor-probe', 'malformed-request']);
    expect(signals('/JspWebshell%201.2.jsp')).toEqual(['backdoor-probe']);
    expect(signals('/item?id=-1 union select 1,2')).toEqual(['sql-injection', 'malformed-request']);
    expect(signals('/item?id=-1%20union%20select%201,2')).toEqual(['sql-injection']);
    expect(signals('/x?file=../../etc/passwd x')).toEqual(['path-traversal', 'malformed-request']);
  });

  it('alone is no attack: a 404 on it is a guess like any other', () => {
    expect(signals('/old page.html', { status: 404 })).toEqual(['malformed-request', 'not-found-probe']);
  });
});
