// A field given as a function is a lazy value: the record shows what it returns (or what it threw), in the
// message, the JSON fields and the text `{fields}`, whether the fields are named or positional, and the caller's
// object keeps its function. Fields whose reading throws are shown as `[Thrown: …]` value by value, and keep
// their kind (positional fields stay a list).

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, TextFormatter } from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

/** The record's text line (`message | fields | error`) and its JSON fields. */
function written(log: (logger: Logger) => void): { text: string; fields: unknown } {
  const text = new MemoryStream();
  const json = new MemoryStream();
  pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }) }));
  const template = '{message} | {fields} | {error}';
  pushForTest(
    new StreamHandler(text, { formatter: new TextFormatter({ template, stack: false }), bubble: true }),
  );
  log(new Logger('app'));
  return { text: text.lines[0]!, fields: (JSON.parse(json.lines[0]!) as { fields?: unknown }).fields };
}

describe('lazy and unreadable fields', () => {
  it('are shown as the lazy value’s result, named or positional, and the caller’s object keeps its function', () => {
    const total = (): number => 42;
    const named: { user: string; total: () => number } = { user: 'ann', total };
    expect(written((log) => log.info('{user} owes {total}', named))).toEqual({
      text: 'ann owes 42 | {"user":"ann","total":42} | ',
      fields: { user: 'ann', total: 42 },
    });
    expect(named.total).toBe(total);
    const positional = ['ann', total];
    expect(written((log) => log.info('{0} owes {1}', positional))).toEqual({
      text: 'ann owes 42 | ["ann",42] | ',
      fields: { 0: 'ann', 1: 42 },
    });
    expect(positional[1]).toBe(total);
  });

  it('are shown as what a lazy value threw', () => {
    const failing = (): never => {
      throw new Error('db down');
    };
    expect(written((log) => log.info('total {total}', { total: failing }))).toEqual({
      text: 'total [Thrown: db down] | {"total":"[Thrown: db down]"} | ',
      fields: { total: '[Thrown: db down]' },
    });
  });

  it('are read value by value when a getter throws, lazy values still called, a list still a list', () => {
    const named = {
      user: 'ann',
      get plan(): string {
        throw new Error('not loaded');
      },
      total: () => 42,
    };
    expect(written((log) => log.info('{user} {plan} {total}', named))).toEqual({
      text: 'ann [Thrown: not loaded] 42 | {"user":"ann","plan":"[Thrown: not loaded]","total":42} | ',
      fields: { user: 'ann', plan: '[Thrown: not loaded]', total: 42 },
    });
    const positional: unknown[] = ['ann', () => 42];
    Object.defineProperty(positional, 2, {
      enumerable: true,
      get(): never {
        throw new Error('gone');
      },
    });
    expect(written((log) => log.info('{0} {1} {2}', positional))).toEqual({
      text: 'ann 42 [Thrown: gone] | ["ann",42,"[Thrown: gone]"] | ',
      fields: { 0: 'ann', 1: 42, 2: '[Thrown: gone]' },
    });
    const { proxy, revoke } = Proxy.revocable({ user: 'ann', total: () => 1 }, {});
    revoke();
    expect(written((log) => log.info('{user}', proxy)).text).toBe('{user?} | {} | ');
  });

  it('calls a lazy value once and writes what it returned as it is, even a function; inherited ones are not fields', () => {
    const named = (): (() => number) =>
      function inner() {
        return 1;
      };
    expect(written((log) => log.info('{f}', { f: named })).text).toBe(
      '[Function inner] | {"f":"[Function inner]"} | ',
    );
    const withInherited = Object.assign(
      Object.create({ extra: () => 'inherited' }) as Record<string, unknown>,
      {
        own: () => 'mine',
      },
    );
    expect(written((log) => log.info('{own}', withInherited))).toEqual({
      text: 'mine | {"own":"mine"} | ',
      fields: { own: 'mine' },
    });
  });

  it('given as null from JavaScript are no fields', () => {
    type Untyped = (template: string, fields?: unknown) => void;
    expect(written((log) => (log.info as Untyped)('plain', null))).toEqual({
      text: 'plain |  | ',
      fields: undefined,
    });
  });

  it('named `error` fill the `{error}` hole instead of the attached error', () => {
    const attached = new Error('attached');
    expect(
      written((log) => log.info('failed: {error}', { error: 'from the field' }, { error: attached })).text,
    ).toBe('failed: from the field | {"error":"from the field"} | Error: attached');
    expect(written((log) => log.info('failed: {error}', {}, { error: attached })).text).toBe(
      'failed: Error: attached | {} | Error: attached',
    );
  });
});
