// Property: whatever a program throws — an Error whose getters, toJSON, toString or Symbol.toPrimitive throw, whose
// message, name or stack is huge or no string, whose cause is itself or a cycle, an AggregateError nested deep, a
// Proxy whose traps throw, a revoked Proxy, an object without prototype, a primitive, a function, a symbol, a BigInt
// — logged with log.exception(), as a field (`log.error('…', { err })`) or as the error option, or left uncaught
// (thrown, or a rejection nobody handles) under captureCrashes() in a child process, every output gets the record:
// one JSON line valid against the record schema, one text line and one console line (each followed only by its
// indented stack lines) without a raw control character. Nothing throws out of the logger, and a crash still ends
// the process with exit code 1 as documented (docs/files-and-durability.md, "Exit and crash").

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConsoleFormatter,
  errorSummary,
  FileHandler,
  Logger,
  RedactProcessor,
  setHandlerErrorPolicy,
  StreamHandler,
  TextFormatter,
  toErrorInfo,
  toJson,
  toText,
} from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';
import { buildThrown, type Recipe, type TrapName } from './fixtures/thrown-values.mjs';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

const nastyChar = fc.oneof(
  fc.constantFrom('"', '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'),
  fc.constantFrom('\ud800', '\udfff', '😀', 'é', '{', '}', '{{', '{error}', '%s', '<b>'),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('a', ' ', 'Error', ':'),
);
const nastyText = fc.array(nastyChar, { maxLength: 8 }).map((chars) => chars.join(''));
// Mostly short; sometimes a message or stack of a few hundred thousand characters.
const text = fc.record({
  kind: fc.constant('string' as const),
  text: nastyText,
  repeat: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(40_000) }),
});
const primitive: fc.Arbitrary<Recipe> = fc.oneof(
  text,
  fc.record({
    kind: fc.constant('number' as const),
    text: fc.oneof(fc.double().map(String), fc.constantFrom('-0', 'NaN', '-Infinity', '1e308')),
  }),
  fc.record({ kind: fc.constant('bigint' as const), digits: fc.bigInt().map(String) }),
  fc.record({ kind: fc.constant('symbol' as const), description: fc.option(nastyText, { nil: null }) }),
  fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean() }),
  fc.constant<Recipe>({ kind: 'null' }),
  fc.constant<Recipe>({ kind: 'undefined' }),
  fc.record({ kind: fc.constant('function' as const), name: nastyText, throwingName: fc.boolean() }),
  fc.record({ kind: fc.constant('cause-chain' as const), length: fc.integer({ min: 1, max: 14 }) }),
  fc.record({ kind: fc.constant('nested-aggregate' as const), levels: fc.integer({ min: 1, max: 7 }) }),
);
const TRAPS: readonly TrapName[] = ['getPrototypeOf', 'get', 'has', 'ownKeys', 'getOwnPropertyDescriptor'];
const propKey = fc.oneof(
  fc.constantFrom('status', 'password', 'toJSON', '__proto__', 'constructor', 'headers', 'config', 'errno'),
  nastyText,
);

const { value: thrownValue } = fc.letrec<{
  value: Recipe;
  error: Recipe;
  object: Recipe;
  proxy: Recipe;
  revoked: Recipe;
}>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    tie('error'),
    tie('object'),
    tie('proxy'),
    tie('revoked'),
  ),
  error: fc.record({
    kind: fc.constant('error' as const),
    errorClass: fc.constantFrom('Error', 'TypeError', 'RangeError', 'AggregateError', 'Subclass'),
    message: fc.oneof(text, tie('value')),
    name: fc.option(fc.oneof(text, tie('value')), { nil: null }),
    stack: fc.option(fc.oneof(text, tie('value')), { nil: null }),
    code: fc.option(tie('value'), { nil: null }),
    cause: fc.option(fc.oneof(fc.constantFrom('self' as const, 'cycle' as const), tie('value')), {
      nil: null,
    }),
    members: fc.array(tie('value'), { maxLength: 2 }),
    props: fc.array(fc.tuple(propKey, tie('value')), { maxLength: 3 }),
    throwingGetters: fc.subarray(['name', 'message', 'stack', 'cause', 'code', 'errors', 'toJSON', 'status']),
    toJSON: fc.option(fc.constantFrom('throws', 'returns-text', 'returns-undefined', 'returns-self'), {
      nil: null,
    }),
    toPrimitiveThrows: fc.boolean(),
    toStringThrows: fc.boolean(),
  }),
  object: fc.record({
    kind: fc.constant('object' as const),
    nullPrototype: fc.boolean(),
    entries: fc.array(fc.tuple(propKey, tie('value')), { maxLength: 3 }),
    toPrimitiveThrows: fc.boolean(),
  }),
  proxy: fc.record({
    kind: fc.constant('proxy' as const),
    target: fc.oneof(tie('error'), tie('object')),
    traps: fc.subarray([...TRAPS], { minLength: 1 }),
    trapThrows: tie('value'),
  }),
  revoked: fc.record({
    kind: fc.constant('revoked' as const),
    target: fc.oneof(tie('error'), tie('object')),
  }),
}));

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The records of a text or console output: each is a line of its own, followed only by its stack, cause and member
 * lines, which are indented by four spaces; no line holds a raw control character.
 */
function textRecords(output: string): string[] {
  expect(output.endsWith('\n')).toBe(true);
  const lines = output.slice(0, -1).split('\n');
  for (const line of lines) expect(line).not.toMatch(RAW_CONTROL);
  return lines.filter((line) => !line.startsWith('    '));
}

/** `Name: message`, as a message hole shows an error, from its JSON description. */
function summary(error: { name: string; message: string }): string {
  return error.message === '' ? error.name : `${error.name}: ${error.message}`;
}

/** The bytes appended to a file since `offset`, as text. */
function readFrom(path: string, offset: number): string {
  const size = statSync(path).size;
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

afterEach(() => setHandlerErrorPolicy('print'));

describe('any thrown value', () => {
  it('passed to log.exception(), as a field or as the error option, is one valid record in every output', () => {
    // A failing formatter or processor would throw at the call instead of being counted: nothing may.
    setHandlerErrorPolicy('throw');
    const dir = mkdtempSync(join(tmpdir(), 'logbook-thrown-'));
    const jsonPath = join(dir, 'app.jsonl');
    const textOut = new MemoryStream();
    const consoleOut = new MemoryStream();
    // A Proxy whose every read throws an error with a message of 100,000 characters makes lines of several MB: past
    // maxBuffer (8 MiB by default) a line is dropped and counted, as documented. Room for them here.
    pushForTest(new FileHandler(jsonPath, { sync: true, maxBuffer: 64 * 1024 * 1024 }));
    pushForTest(
      new StreamHandler(textOut, {
        formatter: new TextFormatter({
          template: '{time} {level} {channel}: {message} | {error} | {fields}',
        }),
        bubble: true,
      }),
    );
    pushForTest(
      new StreamHandler(consoleOut, { formatter: new ConsoleFormatter({ color: false }), bubble: true }),
    );
    // With redaction (setup()'s default) and without (handlers pushed by hand): its walk shows some values first.
    const redaction = new RedactProcessor();
    const log = new Logger('app');
    fc.assert(
      fc.property(thrownValue, fc.boolean(), (recipe, redact) => {
        textOut.chunks.length = 0;
        consoleOut.chunks.length = 0;
        const offset = statSync(jsonPath, { throwIfNoEntry: false })?.size ?? 0;
        const calls = (): void => {
          log.exception(buildThrown(recipe));
          log.error('failed: {err}', { err: buildThrown(recipe), user: 'ann' });
          log.critical('crash: {error}', undefined, { error: buildThrown(recipe), event: 'crash' });
        };
        if (redact) redaction.bind(calls);
        else calls();
        const written = readFrom(jsonPath, offset);
        expect(written.endsWith('\n')).toBe(true);
        const records = written.slice(0, -1).split('\n').map(assertValidRecord);
        expect(records.map((r) => r['msg'])).toEqual([
          // nothing for {error} to show: the message says what was thrown
          recipe.kind === 'undefined' ? 'Exception: undefined' : 'Exception: {error}',
          'failed: {err}',
          'crash: {error}',
        ]);
        const [exception, , crash] = records as {
          message: string;
          error?: { name: string; message: string };
        }[];
        // An error's hole reads `Name: message`, the same as its description under `error`.
        if (exception!.error !== undefined && exception!.error.name !== 'NonError') {
          expect(exception!.message).toBe(`Exception: ${summary(exception!.error)}`);
          expect(crash!.message).toBe(`crash: ${summary(crash!.error!)}`);
        }
        expect(textRecords(textOut.text)).toHaveLength(3);
        expect(textRecords(consoleOut.text)).toHaveLength(3);
        // The exported describers say the same without a logger, and do not throw either.
        const value = buildThrown(recipe);
        expect(typeof errorSummary(value)).toBe('string');
        expect(typeof toText(value)).toBe('string');
        expect(() => JSON.parse(toJson(toErrorInfo(value)))).not.toThrow();
      }),
      propertyRuns(150),
    );
  });

  const fixture = fileURLToPath(new URL('./fixtures/crash-with-thrown-value.mjs', import.meta.url));

  it('left uncaught under captureCrashes() is logged in every output, and the process exits with code 1', () => {
    fc.assert(
      fc.property(thrownValue, fc.constantFrom('throw', 'reject'), fc.boolean(), (recipe, how, redact) => {
        const dir = mkdtempSync(join(tmpdir(), 'logbook-thrown-crash-'));
        const argv = [fixture, dir, how, JSON.stringify(recipe), redact ? 'redaction' : 'no-redaction'];
        const result = spawnSync(process.execPath, argv, {
          encoding: 'utf8',
          timeout: 20_000,
        });
        expect(result.signal, result.stderr).toBeNull();
        expect(result.status, result.stderr).toBe(1);
        const lines = readFileSync(join(dir, 'app.jsonl'), 'utf8').split('\n');
        expect(lines.pop()).toBe('');
        const records = lines.map(assertValidRecord);
        expect(records.map((r) => [r['level'], r['event']])).toEqual([
          ['INFO', undefined],
          ['CRITICAL', 'crash'],
        ]);
        // Node itself throws while it looks at some rejected values (a revoked Proxy): that is the crash then.
        expect(records[1]!['message']).toMatch(/^(Uncaught exception|Unhandled promise rejection): /);
        expect(textRecords(readFileSync(join(dir, 'app.log'), 'utf8'))).toHaveLength(2);
        expect(textRecords(readFileSync(join(dir, 'console.log'), 'utf8'))).toHaveLength(2);
      }),
      propertyRuns(16),
    );
  }, 120_000);
});
