// Found by redacted-secrets-appear-in-no-output.test.ts. A thrown value that is no Error
// (`log.exception({ headers: { authorization } })`, or a cause like it) was written as its JSON text in the
// message, in `error.message` and in the text format's {error}, where key redaction no longer sees it; and the
// `{error}` hole rendered the error as thrown, so a value pattern's match in its message stayed in the message.
// An error in a field that held a secret was rendered by `{err}` as a JSON dump of its description (stack and
// all) instead of `Error: message`.

import { describe, expect, it } from 'vitest';
import {
  ConsoleFormatter,
  JsonFormatter,
  Logger,
  NestedSetup,
  RedactProcessor,
  TestHandler,
  TextFormatter,
  type RedactOptions,
} from '../src/index.js';

function logged(
  write: (log: Logger) => void,
  options?: RedactOptions,
): { json: string; text: string; console: string; message: string } {
  const sink = new TestHandler();
  const setup = new NestedSetup([sink, new RedactProcessor(options)]).pushApplication();
  try {
    write(new Logger('app'));
  } finally {
    setup.popApplication();
  }
  const record = sink.records[0]!;
  return {
    json: new JsonFormatter({ host: 'h' }).format(record),
    text: new TextFormatter({ template: '{message} {error}' }).format(record),
    console: new ConsoleFormatter({ color: false }).format(record),
    message: record.message,
  };
}

describe('a redacted error', () => {
  it('still says how many AggregateError members the record left out', () => {
    const members = Array.from({ length: 51 }, (_, i) => new Error(`row ${i} failed`));
    // The secret in a prop makes redaction rebuild the error, its members included.
    const error = Object.assign(new AggregateError(members, 'import failed'), { password: 'hunter2' });
    const out = logged((log) => log.exception(error));
    const written = (JSON.parse(out.json) as { error: Record<string, unknown> }).error;
    expect(written['props']).toEqual({ password: '[redacted]' });
    expect(written['errors']).toHaveLength(50);
    expect(written['errors_omitted']).toBe(1);
    expect(out.console).toContain('\n    [51 of 51] 1 more not written');
  });

  it('keeps its name, code, cause and other properties in every output', () => {
    const cause = Object.assign(new RangeError('limit'), { code: 429 });
    const error = Object.assign(new TypeError('refused', { cause }), {
      code: 'E_AUTH',
      status: 401,
      token: 't',
    });
    const out = logged((log) => log.exception(error));
    const written = (JSON.parse(out.json) as { error: Record<string, unknown> }).error;
    expect(written).toMatchObject({
      name: 'TypeError',
      message: 'refused',
      code: 'E_AUTH',
      cause: { name: 'RangeError', message: 'limit', code: 429 },
      props: { status: 401, token: '[redacted]' },
    });
    expect(out.message).toBe('Exception: TypeError: refused');
    expect(out.text).toContain('Caused by: RangeError: limit');
  });

  it('that is no Error leaves its secret in no output', () => {
    const thrown = { status: 401, headers: { authorization: 'Bearer SECRET-1' } };
    const out = logged((log) => log.exception(thrown));
    for (const text of Object.values(out)) expect(text).not.toContain('SECRET-1');
    expect(out.message).toBe('Exception: {"status":401,"headers":{"authorization":"[redacted]"}}');
    expect(thrown.headers.authorization).toBe('Bearer SECRET-1'); // the caller's object is not changed
  });

  it('whose cause is no Error leaves its secret in no output', () => {
    const error = new Error('fetch failed', { cause: { config: { headers: { Cookie: 'sid=SECRET-2' } } } });
    const out = logged((log) => log.error('upload failed', { err: error }));
    for (const text of Object.values(out)) expect(text).not.toContain('SECRET-2');
    expect(out.json).toContain('{\\"config\\":{\\"headers\\":{\\"Cookie\\":\\"[redacted]\\"}}}');
  });

  it('matched by a value pattern in its message is redacted in the rendered message too', () => {
    const out = logged((log) => log.exception(new Error('card 4111111111111111 declined')), {
      values: [/\b\d{16}\b/g],
    });
    for (const text of Object.values(out)) expect(text).not.toContain('4111111111111111');
    expect(out.message).toBe('Exception: Error: card [redacted] declined');
  });

  it('in a field still reads "Name: message" in its hole, and keeps its field on the console', () => {
    const error = Object.assign(new Error('boom'), {
      config: { headers: { Authorization: 'Bearer SECRET-3' } },
    });
    const out = logged((log) => log.error('failed: {err}', { err: error }));
    expect(out.message).toBe('failed: Error: boom');
    for (const text of Object.values(out)) expect(text).not.toContain('SECRET-3');
    const line = JSON.parse(out.json) as { fields: { err: { name: string; props: unknown; stack: string } } };
    expect(line.fields.err.name).toBe('Error');
    expect(line.fields.err.stack).toBe(error.stack);
    expect(line.fields.err.props).toEqual({ config: { headers: { Authorization: '[redacted]' } } });
    expect(out.console).toContain('"props":{"config":{"headers":{"Authorization":"[redacted]"}}}');
  });
});

describe('a thrown value that is no Error, nested deeper than redaction looks', () => {
  it('is cut there, not written whole with its secret', () => {
    let deep: object = { password: 'SECRET-4' };
    for (let i = 0; i < 14; i++) deep = { level: deep };
    const out = logged((log) => log.exception(deep));
    for (const text of Object.values(out)) expect(text).not.toContain('SECRET-4');
    expect(out.json).toContain('[Depth limit]');
  });
});
