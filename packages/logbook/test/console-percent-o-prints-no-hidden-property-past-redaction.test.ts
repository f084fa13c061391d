// Node's `%o` inspects with showHidden: it prints non-enumerable properties, which redaction (looking at the keys
// every output writes) does not see. `console.log('%o', connection)` with the password kept non-enumerable was
// written with the password, in every output. A captured `%o` now prints no hidden properties.

import { format } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { captureConsole } from '../src/index.js';
import { redactedOutputs } from './support/redacted-outputs.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function consoleOutputs(call: () => void): ReturnType<typeof redactedOutputs> {
  return redactedOutputs((logger) => {
    restore = captureConsole({ logger });
    try {
      call();
    } finally {
      restore();
      restore = undefined;
    }
  });
}

/** A connection that keeps its password out of JSON.stringify and Object.keys, as some clients do. */
function connection(): { host: string } {
  const value = { host: 'db.internal' };
  Object.defineProperty(value, 'password', { value: 'hunter2', enumerable: false });
  return value;
}

describe('a captured console call with %o', () => {
  it('writes no secret kept in a non-enumerable property, at the top or nested', () => {
    const hidden = connection();
    const list = [1, 2];
    Object.defineProperty(list, 'token', { value: 't-333333', enumerable: false });
    const error = new Error('connect failed');
    Object.defineProperty(error, 'secret', { value: 's-444444', enumerable: false });
    const { json, outputs } = consoleOutputs(() =>
      console.log('db %o, pool %o, list %o: %o', hidden, { nested: { db: connection() } }, list, error),
    );
    for (const output of outputs)
      for (const secret of ['hunter2', 't-333333', 's-444444']) expect(output).not.toContain(secret);
    const message = json['message'] as string;
    expect(message).toContain("db { host: 'db.internal' }, pool { nested: { db: { host: 'db.internal' } } }");
    expect(message).toContain('list [ 1, 2 ]: Error: connect failed');
  });

  it('prints the rest as Node does: four levels deep, strings quoted, other specifiers and %% as they are', () => {
    const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
    const args = ['%s %d%% %o %o %j %o', 'text', 42, deep, 'quoted', { j: 1 }];
    const { json } = consoleOutputs(() => console.log(...args));
    expect(json['message']).toBe(format(...args));
    expect(json['message']).toBe(
      'text 42% {\n  a: {\n    b: { c: { d: { e: [Object] } } }\n  }\n} \'quoted\' {"j":1} %o',
    );
  });
});
