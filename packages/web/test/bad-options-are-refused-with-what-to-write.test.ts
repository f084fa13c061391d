// createWebLogbook() refuses every wrong option with a WebOptionsError (or TrustProxyError) that names the option,
// what was given and what to write instead — and takes every edge value the docs allow. A mistake in the options
// must stop the app at start-up, not show up later as records that quietly say something else.

import { afterEach, describe, expect, it } from 'vitest';
import {
  TrustProxyError,
  WebOptionsError,
  createWebLogbook,
  type WebLogbook,
  type WebLogbookOptions,
} from '../src/index.js';

const open: WebLogbook[] = [];
afterEach(() => {
  while (open.length > 0) open.pop()!.close();
});

/** Creates a web logbook that must be accepted, closed after the test. */
function accepted(options: unknown): WebLogbook {
  const logbook = createWebLogbook(options as WebLogbookOptions);
  open.push(logbook);
  return logbook;
}

function refusal(options: unknown): Error {
  try {
    accepted(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${JSON.stringify(options)} was accepted`);
}

describe('bad options are refused with what to write', () => {
  it('for an options value that is no object', () => {
    for (const options of [null, 'shop', 3, [{ app: { name: 'shop' } }]]) {
      const error = refusal(options);
      expect(error).toBeInstanceOf(WebOptionsError);
      // The name the terminal shows before the message.
      expect(String(error)).toMatch(/^WebOptionsError: createWebLogbook\(\) takes/);
      expect(error.message).toMatch(/takes an options object such as \{ app: \{ name: 'shop' \} \}, got /);
      expect(error.message).toContain(`got ${JSON.stringify(options)}.`);
    }
  });

  it('for counts that are not whole numbers at or above their least value', () => {
    const cases: [WebLogbookOptions, string][] = [
      [{ trailSize: 0 }, 'trailSize must be a whole number ≥ 1, got 0.'],
      [{ trailSize: 2.5 }, 'trailSize must be a whole number ≥ 1, got 2.5.'],
      [{ sessionTrailSize: -1 }, 'sessionTrailSize must be a whole number ≥ 0, got -1.'],
      [{ sessionTrailClients: 0 }, 'sessionTrailClients must be a whole number ≥ 1, got 0.'],
      [{ maxTrackedClients: 0 }, 'maxTrackedClients must be a whole number ≥ 1, got 0.'],
      [{ captureBody: { limit: -1 } }, 'captureBody.limit must be a whole number ≥ 0, got -1.'],
      [{ trailSize: '5' as unknown as number }, 'trailSize must be a whole number ≥ 1, got "5".'],
    ];
    for (const [options, message] of cases) {
      const error = refusal(options);
      expect(error, JSON.stringify(options)).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(message);
    }
  });

  it('and takes each count at its least value', () => {
    expect(() =>
      accepted({
        trailSize: 1,
        sessionTrailSize: 0,
        sessionTrailClients: 1,
        maxTrackedClients: 1,
        captureBody: { limit: 0 },
      }),
    ).not.toThrow();
  });

  it('for sampling rates outside 0 to 1, and takes 0 and 1', () => {
    for (const [name, value] of [
      ['health', -0.1],
      ['health', 1.01],
      ['static', Number.NaN],
      ['static', '0.5'],
    ] as const) {
      const error = refusal({ sampling: { [name]: value } });
      expect(error).toBeInstanceOf(WebOptionsError);
      expect(error.message).toMatch(
        new RegExp(`^sampling\\.${name} must be a share between 0 \\(drop all\\) and 1 \\(keep all\\), got `),
      );
    }
    expect(() => accepted({ sampling: { health: 0, static: 1 } })).not.toThrow();
    expect(() => accepted({ sampling: { health: 1, static: 0 } })).not.toThrow();
  });

  it('for a request id header that is no header name', () => {
    for (const header of ['x request id', 'x-id:', '', 42]) {
      const error = refusal({ requestIdHeader: header });
      expect(error).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(
        `requestIdHeader must be a header name such as 'x-request-id', got ${String(header)}.`,
      );
    }
  });

  it('for a proxy header other than the three the client address can be read from', () => {
    const error = refusal({ trustProxy: 'loopback', proxyHeader: 'X-Forwarded-For' });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect(error.message).toContain(
      `proxyHeader must be one of 'x-forwarded-for', 'forwarded', 'x-real-ip' (the header your proxy writes`,
    );
    expect(error.message).toContain('got "X-Forwarded-For".');
    for (const proxyHeader of ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const) {
      expect(() => accepted({ trustProxy: 'loopback', proxyHeader })).not.toThrow();
    }
  });

  it('for a secret that is short or no string, saying how to make one', () => {
    for (const secret of ['x'.repeat(15), 1234567890123456]) {
      const error = refusal({ secret });
      expect(error).toBeInstanceOf(WebOptionsError);
      expect(error.message).toMatch(/^secret must be a string of at least 16 characters/);
      expect(error.message).toContain('`openssl rand -hex 32`');
    }
    expect(() => accepted({ secret: 'x'.repeat(16) })).not.toThrow();
  });

  it('for a LOGBOOK_SECRET that is short, when no secret option is given', () => {
    const before = process.env['LOGBOOK_SECRET'];
    process.env['LOGBOOK_SECRET'] = 'short';
    try {
      expect(refusal({}).message).toMatch(/^secret must be a string of at least 16 characters/);
      expect(() => accepted({ secret: 'x'.repeat(16) })).not.toThrow();
    } finally {
      if (before === undefined) delete process.env['LOGBOOK_SECRET'];
      else process.env['LOGBOOK_SECRET'] = before;
    }
  });

  it('for a trail level that is no level, with the levels there are', () => {
    const error = refusal({ trailLevel: 'LOUD' });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect(error.message).toMatch(/^trailLevel: Unknown log level "LOUD": use one of TRACE, DEBUG/);
    expect(() => accepted({ trailLevel: 'warning' })).not.toThrow();
  });

  it('for an empty or non-string channel', () => {
    for (const channel of ['', 7]) {
      const error = refusal({ channel });
      expect(error).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(
        `channel must be a non-empty string such as 'http', got ${JSON.stringify(channel)}.`,
      );
    }
  });

  it('for a crash page that is not a function', () => {
    const error = refusal({ crashPage: '<h1>Sorry</h1>' });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect(error.message).toBe(
      'crashPage must be a function ({ ref, requestId, json }) => { contentType, body }.',
    );
    expect(() => accepted({ crashPage: () => ({ contentType: 'text/plain', body: 'Sorry' }) })).not.toThrow();
  });

  it('for a trustProxy value that is neither an address nor a list of them', () => {
    for (const trustProxy of [5, { cidr: '10.0.0.0/8' }]) {
      const error = refusal({ trustProxy });
      expect(error).toBeInstanceOf(TrustProxyError);
      expect(error.message).toBe(
        `trustProxy must be an address, a CIDR block, a keyword or a list of them, got ${JSON.stringify(trustProxy)}.`,
      );
    }
    const error = refusal({ trustProxy: ['127.0.0.1', 8] });
    expect(error).toBeInstanceOf(TrustProxyError);
    expect(error.message).toBe('trustProxy entries must be strings, got 8.');
  });

  it('for a list option given as one string, which was read letter by letter', () => {
    const cases: [unknown, string][] = [
      [
        { sessionCookies: 'shop_session' },
        `sessionCookies must be a list of cookie names such as ['connect.sid'], got "shop_session".`,
      ],
      [
        { sampling: { healthPaths: '/status' } },
        `sampling.healthPaths must be a list of paths such as ['/health'] (a request's path, from its first /), ` +
          `got "/status".`,
      ],
      [
        { redact: { keys: 'ssn' } },
        `redact.keys must be a list of names or regular expressions such as ['ssn', /^x-internal-/], got "ssn".`,
      ],
      [
        { redact: { values: /\d{16}/g } },
        `redact.values must be a list of regular expressions such as [/\\b\\d{16}\\b/g], got /\\d{16}/g.`,
      ],
    ];
    for (const [options, message] of cases) {
      const error = refusal(options);
      expect(error, JSON.stringify(options)).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(message);
    }
  });

  it('for a list entry that can never match: a cookie name a header cannot carry, a path without its /', () => {
    const cases: [unknown, string][] = [
      [
        { sessionCookies: ['sid', 'my session'] },
        `sessionCookies must be a list of cookie names such as ['connect.sid'], got "my session" in it.`,
      ],
      [
        { sessionCookies: [''] },
        `sessionCookies must be a list of cookie names such as ['connect.sid'], got "" in it.`,
      ],
      [
        { sessionCookies: ['sid=1'] },
        `sessionCookies must be a list of cookie names such as ['connect.sid'], got "sid=1" in it.`,
      ],
      [
        { sampling: { healthPaths: ['/health', 'status'] } },
        `sampling.healthPaths must be a list of paths such as ['/health'] (a request's path, from its first /), ` +
          `got "status" in it.`,
      ],
      [
        { sampling: { healthPaths: [7] } },
        `sampling.healthPaths must be a list of paths such as ['/health'] (a request's path, from its first /), ` +
          `got 7 in it.`,
      ],
      [
        { redact: { keys: ['ssn', 7] } },
        `redact.keys must be a list of names or regular expressions such as ['ssn', /^x-internal-/], ` +
          `got ["ssn", 7].`,
      ],
      [
        { redact: { values: [/\d{16}/g, '\\d{16}'] } },
        `redact.values must be a list of regular expressions such as [/\\b\\d{16}\\b/g], got [/\\d{16}/g, "\\\\d{16}"].`,
      ],
    ];
    for (const [options, message] of cases) {
      const error = refusal(options);
      expect(error, JSON.stringify(options)).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(message);
    }
  });

  it('and takes every list in its documented shape, empty ones included', () => {
    expect(() =>
      accepted({
        sessionCookies: ['connect.sid', 'shop_session', '__Host-sid'],
        sampling: { healthPaths: ['/status', '/up'] },
        redact: {
          keys: ['ssn', /^x-internal-/],
          values: [/\b\d{16}\b/g],
          defaults: false,
          replacement: '***',
        },
      }),
    ).not.toThrow();
    expect(() => accepted({ sessionCookies: [], sampling: { healthPaths: [] }, redact: {} })).not.toThrow();
  });

  it('for a switch that is not true or false, such as the text "false" read from the environment', () => {
    const cases: [unknown, string][] = [
      [{ storeUserIds: 'false' }, 'storeUserIds must be true or false, got "false".'],
      [{ storeUserNames: 1 }, 'storeUserNames must be true or false, got 1.'],
      [{ storeUserEmails: 'yes' }, 'storeUserEmails must be true or false, got "yes".'],
      [{ trustRequestId: 'false' }, 'trustRequestId must be true or false, got "false".'],
      [{ redact: { defaults: 'no' } }, 'redact.defaults must be true or false, got "no".'],
    ];
    for (const [options, message] of cases) {
      const error = refusal(options);
      expect(error, JSON.stringify(options)).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(message);
    }
    expect(() =>
      accepted({ storeUserIds: true, storeUserNames: false, storeUserEmails: true, trustRequestId: false }),
    ).not.toThrow();
  });

  it('for a group of options that is no object, or names one it does not have', () => {
    const cases: [unknown, string][] = [
      [{ app: 'shop' }, `app must be an object such as { name: 'shop', version: '1.2.0' }, got "shop".`],
      [
        { app: { name: 'shop', region: 'eu' } },
        `app has no option "region": its options are name, version, env (such as { name: 'shop', version: '1.2.0' }).`,
      ],
      [{ app: { name: 'shop', version: 2 } }, 'app.version must be a string, got 2.'],
      [{ app: { name: 3 } }, 'app.name must be a string, got 3.'],
      [{ app: { env: null } }, 'app.env must be a string, got null.'],
      [{ sampling: [0.1] }, 'sampling must be an object such as { health: 0.1 }, got [0.1].'],
      [
        { sampling: { heath: 0 } },
        'sampling has no option "heath": its options are health, static, healthPaths (such as { health: 0.1 }).',
      ],
      [
        { captureBody: true },
        'captureBody must be an object such as { limit: 8192 }, or false for no bodies, got true.',
      ],
      [
        { captureBody: 8192 },
        'captureBody must be an object such as { limit: 8192 }, or false for no bodies, got 8192.',
      ],
      [
        { captureBody: { max: 100 } },
        'captureBody has no option "max": its options are limit (such as { limit: 8192 }, or false for no bodies).',
      ],
      [
        { redact: ['password'] },
        `redact must be an object such as { keys: ['ssn', /^x-internal-/] }, got ["password"].`,
      ],
      [
        { redact: { key: ['ssn'] } },
        `redact has no option "key": its options are keys, values, defaults, replacement ` +
          `(such as { keys: ['ssn', /^x-internal-/] }).`,
      ],
      [{ redact: { replacement: 0 } }, 'redact.replacement must be a string, got 0.'],
      [{ sampling: null }, 'sampling must be an object such as { health: 0.1 }, got null.'],
      [
        { sampling: () => ({ health: 0 }) },
        'sampling must be an object such as { health: 0.1 }, got a function.',
      ],
      [
        { app: Symbol('shop') },
        `app must be an object such as { name: 'shop', version: '1.2.0' }, got Symbol(shop).`,
      ],
    ];
    for (const [options, message] of cases) {
      const error = refusal(options);
      expect(error, JSON.stringify(options)).toBeInstanceOf(WebOptionsError);
      expect(error.message).toBe(message);
    }
    expect(() => accepted({ app: { name: 'shop', version: '1.2.0', env: 'staging' } })).not.toThrow();
    expect(() => accepted({ captureBody: false })).not.toThrow();
    expect(() => accepted({ captureBody: {} })).not.toThrow();
  });

  it('for an option it does not have, naming the ones it has', () => {
    const error = refusal({ sesionCookies: ['shop_session'] });
    expect(error).toBeInstanceOf(WebOptionsError);
    expect(error.message).toBe(
      'createWebLogbook() has no option "sesionCookies": its options are app, trustProxy, proxyHeader, ' +
        'trustRequestId, requestIdHeader, sessionCookies, secret, storeUserIds, storeUserNames, storeUserEmails, ' +
        'trailLevel, trailSize, sessionTrailSize, sessionTrailClients, captureBody, redact, sampling, channel, ' +
        'crashPage, maxTrackedClients.',
    );
    // An option written out as undefined (`secret: process.env.X`) is one it has, left at its default.
    expect(() => accepted({ secret: undefined, sampling: undefined, captureBody: undefined })).not.toThrow();
  });
});
