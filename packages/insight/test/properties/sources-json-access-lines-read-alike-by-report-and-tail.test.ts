import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { propertyRuns } from '../../../../test/support/property-runs.js';
import { loadedAccessRows, tempDir } from '../helpers/records.js';
import { loadSources } from '../../src/index.js';
import { flattenLine } from '../../src/record-line.js';
import type { Expected } from './sources-access-model.js';
import { jsonLines, type JsonModelLine, type JsonServer } from './sources-json-access-model.js';

const byText = (rs: object[]): string[] => rs.map((r) => JSON.stringify(r)).sort();

/** The fields tail reads of a line (flattenLine prints these); undefined when it is no request. */
function tailReading(text: string): Partial<Expected> | undefined {
  const f = flattenLine(text);
  if (!f) return undefined;
  return {
    time: Date.parse(f.time),
    method: f.method!,
    path: f.path!,
    status: f.status!,
    duration_ms: f.duration_ms ?? null,
    ip: f.ip!,
    ua: f.ua ?? null,
    user_id: f.user ?? null,
  };
}

const tailPart = (e: Expected): Partial<Expected> => ({
  time: e.time,
  method: e.method,
  path: e.path,
  status: e.status,
  duration_ms: e.duration_ms,
  ip: e.ip,
  ua: e.ua,
  user_id: e.user_id,
});

/** The report loader's rows for a file of these lines (format detected), and what it skipped. */
async function reportReading(lines: readonly JsonModelLine[]): ReturnType<typeof loadedAccessRows> {
  const file = join(tempDir('insight-prop-'), 'access.json');
  writeFileSync(file, lines.map((l) => l.text).join('\n') + '\n');
  return loadedAccessRows(file);
}

const servers: JsonServer[] = ['plain', 'caddy', 'traefik'];

describe('JSON access-log lines of every documented layout and key spelling', () => {
  it.each(servers)('%s: are read by tail as the generator wrote them', (server) => {
    fc.assert(
      fc.property(jsonLines(server, 1), ([line]) => {
        const want = line!.expected;
        expect(tailReading(line!.text), line!.text).toEqual(want === undefined ? undefined : tailPart(want));
      }),
      propertyRuns(300),
    );
  });

  it.each(servers)(
    '%s: are read by the report as the generator wrote them, every request once',
    async (server) => {
      await fc.assert(
        fc.asyncProperty(jsonLines(server), async (lines) => {
          const got = await reportReading(lines);
          const want = lines.flatMap((l) => (l.expected ? [l.expected] : []));
          expect(got.format).toBe('json-access');
          expect(byText(got.rows)).toEqual(byText(want));
          // other loggers' lines are neither requests nor skipped lines
          expect(got.skipped).toBe(0);
        }),
        propertyRuns(20),
      );
    },
  );
});

/** A status key and its value as the generator writes them (a number, `200.0`, `2e2` or text). */
const STATUS_KEY = /"(status|DownstreamStatus|OriginStatus)":("[^"]*"|[-+.\deE]+)/;

/**
 * A request's line with a status that is no whole number from 100 to 599, in every spelling of its key: skipped by
 * the report, no record for tail (docs: `200.0` is 200, `200.5` is no status).
 */
const refusedStatusLine = (server: JsonServer): fc.Arbitrary<{ bytes: Buffer; text: string }> =>
  fc
    .tuple(
      jsonLines(server, 1).filter(([l]) => l!.expected !== undefined),
      fc.constantFrom(
        '200.5',
        '"200.5"',
        '"2e2"',
        '"0x1F4"',
        '99.0',
        '600.0',
        '"600.00"',
        '-200',
        '"200."',
        '" 200"',
      ),
    )
    .map(([[l], status]) => {
      const text = l!.text.replace(
        new RegExp(STATUS_KEY.source, 'gi'),
        (_m, key: string) => `"${key}":${status}`,
      );
      return { bytes: Buffer.from(text), text };
    });

/** A line no reader may take for a request: bytes, and its text when it is UTF-8 (tail reads text). */
const badLine = (server: JsonServer): fc.Arbitrary<{ bytes: Buffer; text?: string }> =>
  fc
    .oneof(
      // cut off inside the object
      jsonLines(server, 1).chain(([l]) =>
        fc.integer({ min: 1, max: Math.max(1, l!.text.length - 1) }).map((n) => l!.text.slice(0, n)),
      ),
      // no status at all
      jsonLines(server, 1).map(([l]) =>
        l!.text.replace(new RegExp(`${STATUS_KEY.source},?`, 'gi'), '').replace(/,}$/, '}'),
      ),
      fc.constantFrom('[1,2]', '"text"', 'null', '{}', 'not json at all'),
    )
    .filter((t) => t.trim() !== '' && !flattenLine(t))
    .map((text) => ({ bytes: Buffer.from(text), text }));

describe('a JSON access log with bad lines among good ones', () => {
  it.each(servers)('%s: has every request read and each bad line skipped once', async (server) => {
    await fc.assert(
      fc.asyncProperty(
        jsonLines(server, 6),
        fc.array(
          fc.oneof(
            badLine(server),
            refusedStatusLine(server),
            fc.constant<{ bytes: Buffer; text?: string }>({
              bytes: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]),
            }),
          ),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.nat(),
        async (good, bad, at) => {
          const parts: Buffer[] = good.map((l) => Buffer.from(l.text));
          for (const [i, b] of bad.entries()) parts.splice((at + i) % (parts.length + 1), 0, b.bytes);
          const file = join(tempDir('insight-prop-'), 'access.json');
          writeFileSync(file, Buffer.concat(parts.flatMap((p) => [p, Buffer.from('\n')])));
          const db = await loadSources([file], { format: 'json-access' });
          db.close();
          // tail shows none of them either
          for (const b of bad) if (b.text !== undefined) expect(flattenLine(b.text), b.text).toBeUndefined();
          const requests = good.filter((l) => l.expected !== undefined).length;
          expect(db.files[0]?.records).toBe(requests);
          expect(db.skipped.count).toBe(bad.length);
          expect(db.skipped.files[0]?.samples).toHaveLength(Math.min(3, bad.length));
        },
      ),
      propertyRuns(15),
    );
  });
});
