// Found while reading error-info.ts (s9): `isErrorLike` asked `value instanceof Error`, which runs a Proxy's
// getPrototypeOf trap and throws on a revoked Proxy. So `log.exception(proxy)`, `log.error('…', {}, { error })`
// and a crash record of such a value made every formatter throw: the record was lost (each handler reported a
// failure once), `errorSummary()` and `toErrorInfo()` threw at their caller, and the redaction processor threw
// for the whole record, so a password beside such a value in the fields was written. Now the value is shown as
// `[Thrown: …]` (what reading it threw), as the serialiser shows a getter that throws.

import { describe, expect, it } from 'vitest';
import {
  ConsoleFormatter,
  errorSummary,
  JsonFormatter,
  Logger,
  RedactProcessor,
  StreamHandler,
  TextFormatter,
  toErrorInfo,
} from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable(new Error('gone'), {});
  revoke();
  return proxy;
}

function throwingPrototype(): object {
  return new Proxy(new Error('hidden'), {
    getPrototypeOf() {
      throw new Error('no prototype for you');
    },
  });
}

/** Every output of one call: the JSON line (checked against the schema), the text line and the console line. */
function outputsOf(call: (log: Logger) => void) {
  const json = new MemoryStream();
  const text = new MemoryStream();
  const shown = new MemoryStream();
  // Newest first: the console and text handlers pass each record on to the JSON one, which keeps it.
  pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }), errors: 'throw' }));
  pushForTest(
    new StreamHandler(text, {
      formatter: new TextFormatter({ template: '{message} | {error}' }),
      errors: 'throw',
      bubble: true,
    }),
  );
  pushForTest(
    new StreamHandler(shown, {
      formatter: new ConsoleFormatter({ color: false }),
      errors: 'throw',
      bubble: true,
    }),
  );
  pushForTest(new RedactProcessor());
  call(new Logger('app'));
  expect(json.lines).toHaveLength(1);
  expect(text.lines).toHaveLength(1);
  expect(shown.lines).toHaveLength(1);
  return { record: assertValidRecord(json.lines[0]!), text: text.lines[0]!, console: shown.lines[0]! };
}

describe('a thrown Proxy', () => {
  it('revoked, passed to log.exception(), is one record in every output saying what reading it threw', () => {
    const out = outputsOf((log) => log.exception(revoked()));
    // (Which inspection the text names depends on who looked first: here the redaction processor.)
    const said = /^\[Thrown: Cannot perform '\w+' on a proxy that has been revoked\]$/;
    expect(out.record['error']).toEqual({ name: 'NonError', message: expect.stringMatching(said) });
    expect(out.record['message']).toMatch(
      /^Exception: \[Thrown: Cannot perform '\w+' on a proxy that has been revoked\]$/,
    );
    expect(out.text).toContain('revoked');
    expect(out.console).toContain('revoked');
  });

  it('whose getPrototypeOf trap throws, as the error option, is written the same way', () => {
    const out = outputsOf((log) => log.critical('crash: {error}', undefined, { error: throwingPrototype() }));
    expect(out.record['error']).toEqual({ name: 'NonError', message: '[Thrown: no prototype for you]' });
    expect(out.record['message']).toBe('crash: [Thrown: no prototype for you]');
  });

  it('beside a password in the fields leaves the password redacted', () => {
    const out = outputsOf((log) =>
      log.error('login failed for {user}', { user: 'ann', password: 'hunter2', err: revoked() }),
    );
    expect(JSON.stringify(out)).not.toContain('hunter2');
    expect((out.record['fields'] as { password: string }).password).toBe('[redacted]');
  });

  it('is described by toErrorInfo() and errorSummary() without throwing at their caller', () => {
    expect(toErrorInfo(throwingPrototype())).toEqual({
      name: 'NonError',
      message: '[Thrown: no prototype for you]',
    });
    expect(errorSummary(revoked())).toBe(
      "[Thrown: Cannot perform 'getPrototypeOf' on a proxy that has been revoked]",
    );
    const aggregate = new AggregateError([], 'several');
    Object.defineProperty(aggregate, 'errors', { value: revoked(), enumerable: false });
    expect(toErrorInfo(aggregate)).toMatchObject({ name: 'AggregateError', message: 'several' });
  });
});
