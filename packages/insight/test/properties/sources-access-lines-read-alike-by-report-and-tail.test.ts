import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { propertyRuns } from '../../../../test/support/property-runs.js';
import { loadedAccessRows, tempDir } from '../helpers/records.js';
import { parseAccessLine } from '../../src/index.js';
import { flattenLine } from '../../src/record-line.js';
import { accessLine, type Expected, type ModelLine } from './sources-access-model.js';

const byText = (rs: object[]): string[] => rs.map((r) => JSON.stringify(r)).sort();

/** What tail reads of a line (flattenLine, and the parse it uses for the fields tail does not print). */
function tailReading(text: string): Partial<Expected> | undefined {
  const flat = flattenLine(text);
  const parsed = parseAccessLine(text.trim());
  if (!flat || !parsed) return undefined;
  return {
    time: Date.parse(flat.time),
    method: flat.method!,
    path: flat.path!,
    query: parsed.query ?? null,
    status: flat.status!,
    bytes: parsed.bytes === undefined ? null : String(parsed.bytes),
    duration_ms: flat.duration_ms ?? null,
    ip: flat.ip!,
    ua: flat.ua ?? null,
    referer: parsed.referer ?? null,
    user_id: flat.user ?? null,
    vhost: parsed.vhost ?? null,
  };
}

/** The report loader's rows for a file of these lines, and what it skipped. */
async function reportReading(lines: readonly string[], end = '\n'): ReturnType<typeof loadedAccessRows> {
  const file = join(tempDir('insight-prop-'), 'access.log');
  writeFileSync(file, lines.join(end) + end);
  return loadedAccessRows(file);
}

const file = (escaping: 'apache' | 'nginx'): fc.Arbitrary<ModelLine[]> =>
  fc.array(accessLine(escaping), { minLength: 1, maxLength: 12 });

describe('access-log lines of every supported shape', () => {
  it('are read by tail as the generator wrote them, field by field', () => {
    fc.assert(
      fc.property(fc.constantFrom('apache' as const, 'nginx' as const).chain(accessLineOf), (line) => {
        expect(tailReading(line.text), line.text).toEqual(line.expected);
      }),
      propertyRuns(400),
    );
  });

  it('are read by the report loader as the generator wrote them, every line, with CRLF or LF ends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('apache' as const, 'nginx' as const).chain(file),
        fc.constantFrom('\n', '\r\n'),
        async (lines, end) => {
          const got = await reportReading(
            lines.map((l) => l.text),
            end,
          );
          expect(got.format).toBe('access');
          expect(byText(got.rows)).toEqual(byText(lines.map((l) => l.expected)));
          expect(got.skipped).toBe(0);
        },
      ),
      propertyRuns(40),
    );
  });
});

function accessLineOf(escaping: 'apache' | 'nginx'): fc.Arbitrary<ModelLine> {
  return accessLine(escaping);
}
