// Property: for any record (any text, fields and time) the RFC 5424 message a SyslogHandler builds is valid
// UTF-8 (its BOM promises it), at most maxMessageSize bytes, and has the header's fields in place: PRI and
// version, a TIMESTAMP that is a full date-time or the NILVALUE `-`, and HOSTNAME, APP-NAME, PROCID and MSGID
// without spaces.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogRecord, SyslogHandler } from '../src/index.js';
import { propertyRuns } from '../../../test/support/property-runs.js';

const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('é', '→', '😀', '日本', '\ud800', '"', ']', '\\', ' ', '\n', 'a', '='),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    ),
    { maxLength: 120 },
  )
  .map((chars) => chars.join(''));
const time = fc.oneof(
  fc.integer({ min: 0, max: 4_000_000_000_000 }),
  fc.constantFrom(Number.NaN, 253_402_300_800_000, -62_167_219_200_001, 1.5),
);
const HEADER =
  /^<(\d{1,3})>1 (-|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) ([\x21-\x7e]+) ([\x21-\x7e]+) ([\x21-\x7e]+) ([\x21-\x7e]+) [[-]/;

describe('a syslog message', () => {
  it('is valid UTF-8, within maxMessageSize, with a well-formed header, whatever the record holds', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(
        text,
        fc.dictionary(fc.constantFrom('user', 'a b', 'x]', 'q"'), fc.oneof(text, fc.double(), fc.boolean()), {
          maxKeys: 3,
        }),
        fc.option(text, { nil: undefined }),
        time,
        fc.integer({ min: 240, max: 600 }),
        (message, fields, event, ms, maxMessageSize) => {
          const handler = new SyslogHandler({ maxMessageSize, appName: 'app', procId: '1', hostname: 'h' });
          try {
            const record = new LogRecord(
              ms,
              30,
              'app',
              message.replace(/[{}]/g, ''),
              fields,
              undefined,
              event,
            );
            const data = handler.message(record);
            expect(data.length).toBeLessThanOrEqual(maxMessageSize);
            expect(() => decoder.decode(data)).not.toThrow();
            expect(data.toString('utf8')).toMatch(HEADER);
          } finally {
            void handler.close();
          }
        },
      ),
      propertyRuns(200),
    );
  });
});
