import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { propertyRuns } from '../../../../test/support/property-runs.js';
import { tempDir } from '../helpers/records.js';
import { loadSources } from '../../src/index.js';
import { flattenLine } from '../../src/record-line.js';
import { accessLine } from './sources-access-model.js';

/** A line no reader may take for a request, as bytes; `text` when it is valid UTF-8 (tail reads text). */
interface Bad {
  bytes: Buffer;
  text?: string;
}

const good = fc.constantFrom('apache' as const, 'nginx' as const).chain(accessLine);

/** A good line cut inside its request's quotes: the quote never closes. */
const truncated: fc.Arbitrary<Bad> = fc.tuple(good, fc.nat()).map(([line, n]) => {
  const open = line.text.indexOf('] "') + 3;
  const text = line.text.slice(0, open + (n % Math.max(1, line.text.indexOf('" ', open) - open)));
  return { bytes: Buffer.from(text), text };
});

/** Bytes of anything but a line feed, with at least one that is not blank: NUL, lone CR, invalid UTF-8 included. */
const garbage: fc.Arbitrary<Bad> = fc
  .uint8Array({ minLength: 1, maxLength: 60 })
  .map((a) => Buffer.from(a.map((b) => (b === 10 ? 0x7e : b))))
  .filter((b) => b.some((x) => x !== 32 && x !== 9 && x !== 13))
  .map((bytes) => (isUtf8Text(bytes) ? { bytes, text: bytes.toString('utf8') } : { bytes }));

/** A good line with a byte that is never UTF-8 in its user agent or path. */
const invalidUtf8: fc.Arbitrary<Bad> = good.map((line) => {
  const at = line.text.indexOf('"') + 2;
  return {
    bytes: Buffer.concat([
      Buffer.from(line.text.slice(0, at)),
      Buffer.from([0xff]),
      Buffer.from(line.text.slice(at)),
    ]),
  };
});

/** A good line with a megabyte of request in it: longer than any reader takes. */
const huge: fc.Arbitrary<Bad> = good.map((line) => {
  const at = line.text.indexOf('"') + 2;
  const text = `${line.text.slice(0, at)}${'A'.repeat(1024 * 1024)}${line.text.slice(at)}`;
  return { bytes: Buffer.from(text), text };
});

function isUtf8Text(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8')).equals(bytes);
}

/** What the file holds, line by line: a good line's model or a bad line. */
type Entry = { good: true; text: string } | { good: false; bad: Bad };

const entries = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: good.map((l): Entry => ({ good: true, text: l.text })) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(truncated, garbage, invalidUtf8, { arbitrary: huge, weight: 1 })
        .map((bad): Entry => ({ good: false, bad })),
    },
    {
      weight: 1,
      // a lone CR inside a good line's user agent or path: part of the line, which is read
      arbitrary: good.map((l): Entry => {
        const at = l.text.indexOf('"') + 2;
        return { good: true, text: `${l.text.slice(0, at)}\r${l.text.slice(at)}` };
      }),
    },
  ),
  { minLength: 1, maxLength: 10 },
);

describe('a log with malformed lines among good ones', () => {
  it('has every good line read and each bad one skipped once, the first three named by their line numbers', async () => {
    await fc.assert(
      fc.asyncProperty(entries, fc.nat(3), async (list, blanks) => {
        const dir = tempDir('insight-prop-');
        const file = join(dir, 'access.log');
        // empty lines at the start and in between are no lines of either kind
        const parts: Buffer[] = [Buffer.from('\n'.repeat(blanks))];
        const badLines: number[] = [];
        let lineNo = blanks;
        for (const e of list) {
          lineNo++;
          if (!e.good) badLines.push(lineNo);
          parts.push(e.good ? Buffer.from(e.text) : e.bad.bytes, Buffer.from('\n'));
        }
        writeFileSync(file, Buffer.concat(parts));
        const goodCount = list.filter((e) => e.good).length;
        const db = await loadSources([file], { format: 'combined' });
        db.close();
        expect(db.files[0]?.records).toBe(goodCount);
        expect(db.skipped.count).toBe(badLines.length);
        expect(db.skipped.files[0]?.samples.map((s) => s.line) ?? []).toEqual(badLines.slice(0, 3));
        // tail: each good line is a record, each bad line of valid UTF-8 none
        for (const e of list) {
          if (e.good) expect(flattenLine(e.text), e.text).toBeDefined();
          else if (e.bad.text !== undefined) expect(flattenLine(e.bad.text)).toBeUndefined();
        }
      }),
      propertyRuns(30),
    );
  });
});
