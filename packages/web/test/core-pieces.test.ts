import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level, Logger, TestHandler, setup } from 'logbook';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActionNameError,
  WebOptionsError,
  acceptRequestId,
  appFrames,
  createWebLogbook,
  defaultCrashPage,
  escapeHtml,
  fingerprint,
  incidentRef,
  wantsJson,
} from '../src/index.js';
import { SessionTrails } from '../src/core/session-trail.js';
import { redactQuery } from '../src/core/incident.js';
import { readRejected } from '../src/core/rejected-request.js';
import { createRedactor } from 'logbook';

describe('request ids', () => {
  it('accepts bounded ids of safe characters and refuses the rest', () => {
    expect(acceptRequestId('4bf92f35-77b3-4da6.a:b')).toBe('4bf92f35-77b3-4da6.a:b');
    expect(acceptRequestId('x'.repeat(128))).toBe('x'.repeat(128));
    expect(acceptRequestId('x'.repeat(129))).toBeUndefined();
    expect(acceptRequestId('a b')).toBeUndefined();
    expect(acceptRequestId('<script>')).toBeUndefined();
    expect(acceptRequestId('line\nbreak')).toBeUndefined();
    expect(acceptRequestId(['a', 'b'])).toBeUndefined();
  });
});

describe('incident references', () => {
  it('are E- and six characters a visitor cannot misread', () => {
    const refs = new Set(Array.from({ length: 2000 }, () => incidentRef()));
    expect(refs.size).toBeGreaterThan(1990);
    for (const ref of refs) expect(ref).toMatch(/^E-[0-9A-HJKMNP-TV-Z]{6}$/);
  });
});

describe('crash page', () => {
  it('escapes what it shows and shows nothing but the reference and request id', () => {
    const page = defaultCrashPage({
      ref: 'E-ABC123',
      requestId: '<img src=x onerror=alert(1)>',
      json: false,
    });
    expect(page.body).toContain('E-ABC123');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img');
    // What the visitor reads: an apology, that the error was recorded, and the reference to quote.
    expect(page.body).toContain(
      '<p>Sorry — this page failed on our side. The error has been recorded.</p>' +
        '<p>If you contact us, please quote this reference: <code>E-ABC123</code></p>',
    );
  });

  it('escapes each character HTML gives a meaning: & < > " \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('answers JSON to clients that prefer it', () => {
    expect(wantsJson('application/json')).toBe(true);
    expect(wantsJson('application/problem+json, text/html;q=0.5')).toBe(true);
    expect(wantsJson('text/html,application/xhtml+xml,application/json;q=0.9')).toBe(false);
    expect(wantsJson(undefined)).toBe(false);
    expect(JSON.parse(defaultCrashPage({ ref: 'E-ABC123', requestId: 'r1', json: true }).body)).toEqual({
      error: 'internal_error',
      message: 'Something went wrong on our side. Quote the incident reference if you contact us.',
      incident: 'E-ABC123',
      request_id: 'r1',
    });
  });
});

describe('fingerprints', () => {
  function boom(id: number): Error {
    return new Error(`user ${id} not found`);
  }

  it('group the same bug across values and separate different bugs', () => {
    expect(fingerprint(boom(1))).toBe(fingerprint(boom(2)));
    expect(fingerprint(boom(1))).not.toBe(fingerprint(new TypeError('user 1 not found')));
  });

  it('ignore line numbers, node_modules and Node internals, and make paths relative', () => {
    const stack = [
      'Error: x',
      '    at Object.handler (/srv/app/node_modules/express/lib/router.js:10:3)',
      '    at loadUser (/srv/app/src/users.js:42:11)',
      '    at async checkout (file:///srv/app/src/shop.js:7:5)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    expect(appFrames(stack, '/srv/app')).toEqual(['loadUser src/users.js', 'checkout src/shop.js']);
    const moved = stack.replace(/:42:11/, ':50:2').replaceAll('/srv/app', '/srv/app-v2');
    const a = Object.assign(new Error('x'), { stack });
    const b = Object.assign(new Error('x'), { stack: moved });
    expect(fingerprint(a, '/srv/app')).toBe(fingerprint(b, '/srv/app-v2'));
  });

  it('do not depend on the folder the app was started from: paths count from the file’s package', () => {
    // Two releases of one app, each a folder with its package.json, started from anywhere.
    const base = mkdtempSync(join(tmpdir(), 'fingerprint-'));
    const stackIn = (release: string, line: number): string => {
      const root = join(base, 'releases', release);
      mkdirSync(join(root, 'dist'), { recursive: true });
      writeFileSync(join(root, 'package.json'), '{"name":"shop"}');
      return [
        "TypeError: Cannot read properties of undefined (reading 'name')",
        `    at receiptPage (file://${root}/dist/pages.js:${line}:39)`,
        `    at ${root}/dist/app.js:116:19`,
        `    at Layer.handleRequest (${root}/node_modules/router/lib/layer.js:169:33)`,
      ].join('\n');
    };
    const first = stackIn('41', 155);
    const next = stackIn('42', 161);
    expect(appFrames(first, '/')).toEqual(['receiptPage dist/pages.js', '<anonymous> dist/app.js']);
    const crash = (stack: string): Error => Object.assign(new TypeError('x'), { stack });
    const fromRoot = fingerprint(crash(first), '/');
    expect(fingerprint(crash(first), join(base, 'releases', '41'))).toBe(fromRoot);
    expect(fingerprint(crash(next), base)).toBe(fromRoot);
    expect(fingerprint(crash(next), tmpdir())).toBe(fromRoot);
  });
});

describe('session trails', () => {
  it('keep the last N requests per key, oldest first, and forget the least recent keys', () => {
    const trails = new SessionTrails(3, 2);
    for (let i = 1; i <= 5; i++) trails.add('a', { id: `a${i}` });
    expect(trails.recent('a').map((r) => r.id)).toEqual(['a3', 'a4', 'a5']);
    trails.add('b', { id: 'b1' });
    trails.add('a', { id: 'a6' }); // a is now the most recent
    trails.add('c', { id: 'c1' }); // evicts b
    expect(trails.recent('b')).toEqual([]);
    expect(trails.recent('a').map((r) => r.id)).toEqual(['a4', 'a5', 'a6']);
    expect(trails.size).toBe(2);
  });
});

describe('requests Node refuses', () => {
  const refused = (code: string, raw: string) =>
    readRejected(Object.assign(new Error('refused'), { code, rawPacket: Buffer.from(raw, 'latin1') }));

  it('are read from the request line, and a broken one is kept as sent', () => {
    expect(refused('HPE_INVALID_CONTENT_LENGTH', 'POST /a?b=1 HTTP/1.1\r\nUser-Agent: x\r\n')).toMatchObject({
      status: 400,
      method: 'POST',
      path: '/a',
      query: 'b=1',
      userAgent: 'x',
    });
    // A raw space in the target: the protocol is the last word, as servers' logs read it.
    expect(refused('HPE_INVALID_URL', 'GET /a b c HTTP/1.1\r\n')).toMatchObject({
      method: 'GET',
      path: '/a b c',
    });
    expect(refused('HPE_INVALID_CONSTANT', 'GET /a?b=c d HTTP/1.0\r\n')).toMatchObject({
      path: '/a',
      query: 'b=c d',
    });
    // No protocol to take off: the rest is kept as sent.
    expect(refused('HPE_INVALID_CONSTANT', 'GET /a b HTTPS/1.1\r\n')).toMatchObject({
      path: '/a b HTTPS/1.1',
    });
    expect(refused('HPE_INVALID_CONSTANT', 'GET /a bHTTP/1.1\r\n')).toMatchObject({ path: '/a bHTTP/1.1' });
    const tls = refused('HPE_INVALID_METHOD', '\x16\x03\x01' + '\xfc'.repeat(500));
    expect(tls?.method).toHaveLength(64);
    // A broken request line is kept up to 8 KiB: the path is what remains of it after the method.
    const long = refused('HPE_INVALID_VERSION', `GET /${'a'.repeat(10_000)} HTTP/9\r\n`);
    expect(long).toMatchObject({ method: 'GET', path: '/' + 'a'.repeat(8192 - 5) });
  });

  it('are not given a request line from a later part of the request', () => {
    const overflow = refused('HPE_HEADER_OVERFLOW', 'aaaaaaaa\r\nUser-Agent: curl/8.5.0\r\n');
    expect(overflow).toMatchObject({ status: 431, method: '', path: '', userAgent: 'curl/8.5.0' });
  });

  // Found by mutation testing (session 14): the headers after User-Agent, repeats, bare LF lines and the
  // statuses of the other refusals were unchecked.
  it('read their Referer, Host and forwarding headers, repeated forwarding headers as one list', () => {
    const raw =
      'GET /cart?x=1 HTTP/1.1\n' +
      'Referer: https://shop.example/\n' +
      'Host: shop.example\n' +
      'X-Forwarded-Host: edge.example\n' +
      'X-Forwarded-For: 203.0.113.9\n' +
      'x-forwarded-for: 10.0.0.2\n' +
      'Forwarded: for=198.51.100.1\n' +
      'Forwarded: for=10.0.0.3\n' +
      'X-Real-IP: 192.0.2.8\n' +
      'Accept: text/html\n' +
      ': no name\n';
    expect(refused('HPE_HEADER_OVERFLOW', raw)).toEqual({
      status: 431,
      why: 'request headers too large, refused by Node',
      method: 'GET',
      path: '/cart',
      query: 'x=1',
      referer: 'https://shop.example/',
      host: 'shop.example',
      forwardedHost: 'edge.example',
      forwardedFor: '203.0.113.9, 10.0.0.2',
      forwarded: 'for=198.51.100.1, for=10.0.0.3',
      realIp: '192.0.2.8',
    });
    expect(refused('HPE_CHUNK_EXTENSIONS_OVERFLOW', 'POST /up HTTP/1.1\r\n')).toMatchObject({
      status: 413,
      why: 'chunk extensions too large, refused by Node',
    });
    expect(refused('ERR_HTTP_REQUEST_TIMEOUT', 'GET /slow HTTP/1.1\r\n')).toMatchObject({
      status: 408,
      why: 'request not sent in time, refused by Node',
    });
    // A broken line that starts with a space has no method; a target that is all query has an empty path.
    expect(refused('HPE_INVALID_METHOD', ' /a HTTP/1.1\r\n')).toMatchObject({ method: '', path: '/a' });
    expect(refused('HPE_INVALID_URL', 'GET ?a=1 HTTP/1.1 x\r\n')).toMatchObject({ method: 'GET', path: '' });
  });

  it('are not read from a connection that merely broke', () => {
    expect(refused('ECONNRESET', '')).toBeUndefined();
    expect(readRejected(new Error('no code'))).toBeUndefined();
  });
});

describe('query redaction', () => {
  it('replaces secret-named parameters and leaves the rest as sent', () => {
    const redact = createRedactor();
    expect(redactQuery('page=2&sort=asc', redact)).toBe('page=2&sort=asc');
    expect(redactQuery('token=abc&page=2', redact)).toBe('token=%5Bredacted%5D&page=2');
    // A key named like the prototype's accessor is a key like any other (it was written as "[object Object]").
    expect(redactQuery('__proto__=x&token=1', redact)).toBe('__proto__=x&token=%5Bredacted%5D');
    // Value patterns judge every repeat of a key, not only its last value.
    const cards = createRedactor({ values: [/\b\d{16}\b/g] });
    expect(redactQuery('card=4111111111111111&card=1', cards)).toBe('card=%5Bredacted%5D&card=1');
  });
});

describe('options and actions', () => {
  let handler: TestHandler | undefined;
  afterEach(() => handler?.popApplication());

  it('reject wrong options with what to write instead', () => {
    expect(() => createWebLogbook({ secret: 'short' })).toThrow(WebOptionsError);
    expect(() => createWebLogbook({ sampling: { health: 2 } })).toThrow(/between 0/);
    expect(() => createWebLogbook({ trailSize: 0 })).toThrow(/whole number/);
  });

  it('reject action names that are not lower-case and dot-separated', () => {
    const logbook = createWebLogbook({});
    try {
      expect(() => logbook.action('User Login')).toThrow(ActionNameError);
    } finally {
      logbook.close();
    }
  });

  it('log start and stop with app, version, environment, Node, pid and address', () => {
    handler = new TestHandler({ level: Level.INFO }).pushApplication();
    const logbook = createWebLogbook({ app: { name: 'shop', version: '2.0.0', env: 'production' } });
    try {
      logbook.started({ address: () => ({ address: '127.0.0.1', family: 'IPv4', port: 8080 }) });
      logbook.stopped();
      logbook.stopped();
    } finally {
      logbook.close();
    }
    const [start, stop, again] = handler.records;
    expect(start!.event).toBe('app.start');
    expect(start!.message).toBe(
      `Started shop 2.0.0 (production) on http://127.0.0.1:8080, Node ${process.version}, pid ${process.pid}`,
    );
    expect(stop!.event).toBe('app.stop');
    expect(again).toBeUndefined();
  });

  it('say the environment from NODE_ENV, or development without it, when the app does not name one', () => {
    const saved = process.env.NODE_ENV;
    const started = (): string | undefined => {
      handler = new TestHandler({ level: Level.INFO }).pushApplication();
      const logbook = createWebLogbook({});
      try {
        logbook.started({ address: () => ({ address: '127.0.0.1', family: 'IPv4', port: 8080 }) });
      } finally {
        logbook.close();
        handler.popApplication();
      }
      const start = handler.records.find((r) => r.event === 'app.start');
      handler = undefined;
      return start?.message;
    };
    try {
      process.env.NODE_ENV = 'staging';
      expect(started()).toMatch(/^Started .*\(staging\) on http:\/\/127\.0\.0\.1:8080/);
      delete process.env.NODE_ENV;
      expect(started()).toMatch(/^Started .*\(development\) on /);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('keep the environment in `app` when setup() was given the app too', async () => {
    const logging = setup({
      file: false,
      console: false,
      config: false,
      app: { name: 'shop', version: '1.4.0' },
    });
    handler = new TestHandler({ level: Level.INFO }).pushApplication();
    const logbook = createWebLogbook({ app: { name: 'shop', version: '1.4.0', env: 'staging' } });
    const capture = handler;
    try {
      new Logger('app').info('hello');
    } finally {
      logbook.close();
      capture.popApplication();
      handler = undefined;
      await logging.close();
    }
    expect(capture.records[0]!.context?.app).toEqual({ name: 'shop', version: '1.4.0', env: 'staging' });
  });

  it('name themselves on the stack, so closing the logging setup first says what to close before it', () => {
    handler = new TestHandler({ level: Level.INFO }).pushApplication();
    const logbook = createWebLogbook({});
    try {
      expect(() => handler!.popApplication()).toThrow(
        /the top is Processor\(web-request of @logbook\/web: call close\(\) on the createWebLogbook\(\) result first\)/,
      );
    } finally {
      logbook.close();
    }
    handler.popApplication();
    handler = undefined;
  });
});
