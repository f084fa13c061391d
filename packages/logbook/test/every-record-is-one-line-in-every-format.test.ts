// Property: any record — any channel, template, event, field and context values with newlines, control
// characters, U+2028, quotes, backslashes, lone surrogates, non-ASCII — is exactly one line in each format:
// the JSON line parses, matches the schema's keys, gives back the message the record rendered and the same
// bytes as the file handler's byte string; the text and console lines hold no raw control character; and a
// text placeholder or a message hole shows the value the JSON line holds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsoleFormatter, JsonFormatter, LogRecord, TextFormatter } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const nastyChar = fc.oneof(
  fc.constantFrom('"', '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'),
  fc.constantFrom('\ud800', '\udfff', '😀', 'é', '→', '{', '}', '{{', '}}'),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('a', 'b', ' ', '.', '/'),
);
const nastyString = fc.array(nastyChar, { maxLength: 10 }).map((chars) => chars.join(''));
const name = fc.constantFrom('user', 'ip', 'path', 'n', 'ua', 'gone');
const fieldValue = fc.oneof(
  nastyString,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt(),
  fc.dictionary(fc.constantFrom('a', 'b'), nastyString, { maxKeys: 2 }),
  fc.array(nastyString, { maxLength: 2 }),
);
const template = fc
  .array(
    fc.oneof(
      nastyString,
      name.map((hole) => `{${hole}}`),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''));
const record = fc
  .record({
    time: fc.integer({ min: 0, max: 4_000_000_000_000 }),
    level: fc.constantFrom(10, 20, 30, 35, 40, 50, 60, 45),
    channel: fc.oneof(fc.constantFrom('app', 'http'), nastyString),
    template,
    fields: fc.option(fc.dictionary(name, fieldValue, { maxKeys: 5 }), { nil: undefined }),
    event: fc.option(fc.oneof(fc.constantFrom('user.login', 'http.request'), nastyString), {
      nil: undefined,
    }),
    context: fc.dictionary(fc.constantFrom('request', 'session', 'tenant', 'trace'), fieldValue, {
      maxKeys: 3,
    }),
  })
  .map((r) => {
    const made = new LogRecord(r.time, r.level, r.channel, r.template, r.fields, undefined, r.event);
    for (const [key, value] of Object.entries(r.context)) made.set(key, value);
    return made;
  });

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/** A value as a message hole and a text placeholder show it, from the JSON line's data. */
function shown(data: unknown): string {
  if (typeof data === 'string') return data;
  if (typeof data === 'number' || typeof data === 'boolean' || data === null) return String(data);
  return JSON.stringify(data);
}

describe('every record', () => {
  it('is one JSON line that parses back to what the record holds, the same as its file bytes', () => {
    const json = new JsonFormatter({ host: 'h' });
    fc.assert(
      fc.property(record, (r) => {
        const line = json.format(r);
        expect(line.indexOf('\n')).toBe(line.length - 1);
        expect(line).not.toMatch(/\r/);
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(parsed['message']).toBe(r.message);
        expect(parsed['msg']).toBe(r.msg);
        expect(parsed['channel']).toBe(r.channel);
        expect(parsed['event']).toBe(r.event);
        expect(Buffer.from(json.formatUtf8Bytes(r), 'latin1')).toEqual(Buffer.from(line, 'utf8'));
      }),
      propertyRuns(300),
    );
  });

  it('shows in a message hole the value its JSON fields hold', () => {
    const json = new JsonFormatter({ host: 'h' });
    fc.assert(
      fc.property(name, fieldValue, nastyString, (hole, value, before) => {
        const template = `${before.replace(/[{}]/g, '')}{${hole}}`;
        const r = new LogRecord(0, 30, 'app', template, { [hole]: value });
        const parsed = JSON.parse(json.format(r)) as { message: string; fields: Record<string, unknown> };
        // BigInt is written as its decimal string: the hole shows the same digits.
        expect(parsed.message).toBe(before.replace(/[{}]/g, '') + shown(parsed.fields[hole]));
      }),
      propertyRuns(300),
    );
  });

  it('is one text line and one console line without a raw control character, placeholders showing the JSON values', () => {
    const json = new JsonFormatter({ host: 'h' });
    const text = new TextFormatter({
      template: '{time} {level} {channel} {event} {msg} {message} {fields} {request} {session} {tenant}',
    });
    const consoleFormatter = new ConsoleFormatter({ color: false });
    const single = new TextFormatter({ template: '{tenant}' });
    fc.assert(
      fc.property(record, (r) => {
        for (const line of [text.format(r), consoleFormatter.format(r)]) {
          expect(line.indexOf('\n')).toBe(line.length - 1);
          expect(line.slice(0, -1)).not.toMatch(RAW_CONTROL);
          expect(line).not.toMatch(/\r/);
        }
        const parsed = JSON.parse(json.format(r)) as { context?: { tenant?: unknown } };
        const tenant = parsed.context?.tenant;
        if (tenant !== undefined) {
          const raw = single.format(r).slice(0, -1);
          // The text shows the value with control characters escaped; without them, exactly the JSON's value.
          if (!RAW_CONTROL.test(shown(tenant)) && !/[\n\r\t]/.test(shown(tenant)))
            expect(raw).toBe(shown(tenant));
        }
      }),
      propertyRuns(300),
    );
  });
});
