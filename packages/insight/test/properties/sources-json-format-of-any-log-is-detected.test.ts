import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { propertyRuns } from '../../../../test/support/property-runs.js';
import { tempDir } from '../helpers/records.js';
import { detectFile } from '../../src/sources/detect.js';
import { accessLine } from './sources-access-model.js';
import { jsonLines, jsonText } from './sources-json-access-model.js';

/** A Logbook record as the library writes it (schema v1): time and level, a message, sometimes a request. */
const logbookRecord = fc
  .record({
    time: fc
      .integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2099, 0, 1) })
      .map((ms) => new Date(ms).toISOString()),
    level: fc.constantFrom('DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL'),
    channel: fc.constantFrom('app', 'http', 'db'),
    msg: jsonText(8),
    request: fc.option(
      fc.record({
        method: fc.constantFrom('GET', 'POST'),
        path: jsonText(4).map((p) => `/${p}`),
        status: fc.integer({ min: 100, max: 599 }),
        ip: fc.constantFrom('192.0.2.1', '2001:db8::4'),
        duration_ms: fc.double({ min: 0, max: 1e5, noNaN: true }),
      }),
      { nil: undefined },
    ),
  })
  .map(({ time, level, channel, msg, request }) =>
    JSON.stringify({
      v: 1,
      time,
      level,
      channel,
      msg,
      message: msg,
      host: 'web-1',
      pid: 4242,
      ...(request ? { event: 'http.request', request } : {}),
    }),
  );

type Kind = { format: string; server: string };

/** A file of one format: its lines, and the format and server detection must name. */
const file: fc.Arbitrary<{ lines: string[]; want: Kind }> = fc.oneof(
  fc
    .constantFrom('apache' as const, 'nginx' as const)
    .chain((e) => fc.array(accessLine(e), { minLength: 1, maxLength: 60 }))
    .map((ls) => ({ lines: ls.map((l) => l.text), want: { format: 'access', server: 'plain' } })),
  fc
    .array(logbookRecord, { minLength: 1, maxLength: 60 })
    .map((lines) => ({ lines, want: { format: 'jsonl', server: 'plain' } })),
  ...(['plain', 'caddy', 'traefik'] as const).map((server) =>
    jsonLines(server, 60).map((ls) => ({
      lines: ls.map((l) => l.text),
      want: { format: 'json-access', server },
    })),
  ),
);

describe('a log file of any one supported format', () => {
  it('is detected as that format (and a JSON access log as its server), with any line ends and blank lines', () => {
    fc.assert(
      fc.property(file, fc.constantFrom('\n', '\r\n'), fc.nat(2), ({ lines, want }, end, blanks) => {
        const path = join(tempDir('insight-prop-'), 'log');
        writeFileSync(path, end.repeat(blanks) + lines.join(end) + end);
        const got = detectFile(path);
        expect({ format: got.format, server: got.server }).toEqual(want);
      }),
      propertyRuns(200),
    );
  });
});
