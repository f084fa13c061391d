// Property: a template made of any literal text (braces doubled, as the docs say `{{` and `}}` are literal)
// and holes renders as that text with each hole's value in place (`{name?}` when missing), the same in
// `message` and in the JSON line; `msg` stays the template as written.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const literal = fc
  .array(
    fc.oneof(
      fc.constantFrom('{', '}', '{a}', '}{', ' ', 'x', '.', '\n', '"', '\\', '→', '\ud800'),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    ),
    { maxLength: 6 },
  )
  .map((chars) => chars.join(''));
const holeName = fc.constantFrom('user', 'n', 'missing', 'user.name', 'list.0', '0', '$x', '_');
const value = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

/** A value as a hole shows it: text as it is, numbers and the rest compactly. */
function shown(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

describe('a template', () => {
  it('renders its literal text and each hole value in place, in message and JSON alike', () => {
    const json = new JsonFormatter({ host: 'h' });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(literal, holeName), { maxLength: 4 }),
        literal,
        value,
        value,
        value,
        (pieces, tail, user, n, first) => {
          const escape = (text: string): string => text.replace(/\{/g, '{{').replace(/\}/g, '}}');
          const template = pieces.map(([text, hole]) => escape(text) + `{${hole}}`).join('') + escape(tail);
          const fields = { user: { name: user }, n, list: [first], 0: 'zero', $x: 'dollar', _: 'under' };
          const valueOf = (hole: string): string => {
            switch (hole) {
              case 'user':
                // An object shows as its JSON, where NaN and ±Infinity are strings (record-schema.md).
                return JSON.stringify({
                  name: typeof user === 'number' && !Number.isFinite(user) ? String(user) : user,
                });
              case 'user.name':
                return shown(user);
              case 'n':
                return shown(n);
              case 'list.0':
                return shown(first);
              case '0':
                return 'zero';
              case '$x':
                return 'dollar';
              case '_':
                return 'under';
              default:
                return `{${hole}?}`;
            }
          };
          const expected = pieces.map(([text, hole]) => text + valueOf(hole)).join('') + tail;
          const record = new LogRecord(0, 30, 'app', template, fields);
          const line = JSON.parse(json.format(record)) as { msg: string; message: string };
          expect(line.message).toBe(expected);
          expect(line.msg).toBe(template);
          expect(record.message).toBe(expected);
        },
      ),
      propertyRuns(300),
    );
  });
});
