// FileHandler writes JSON lines as UTF-8 byte strings built piece by piece (only the pieces that may hold
// non-ASCII text are converted). If any piece escaped that bookkeeping, a character would be written as one
// wrong byte and the line would no longer be valid UTF-8. So: thousands of random records, with non-ASCII
// text in every place a value can go, must land on disk as exactly the UTF-8 of the formatter's text line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileHandler, JsonFormatter, LogRecord } from '../src/index.js';
import { seededRandom as random, textOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'logbook-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PIECES = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '\n',
  '\u0007',
  'é',
  'ß',
  '→',
  '日',
  '🚢',
  '\ud83d',
  '\udc00',
  '\u007f',
  '\u00ff',
  '\u0100',
];

function text(next: () => number): string {
  const out = textOf(next, PIECES, 12);
  return next() < 0.1 ? out.repeat(20) : out; // some longer than the short-string fast path
}

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 5 : 11));
  switch (pick) {
    case 0:
      return text(next);
    case 1:
      return Math.floor(next() * 1000);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return Symbol(text(next));
    case 5:
      return Object.freeze({ [text(next)]: text(next), kind: text(next) });
    case 6:
      return [value(next, depth + 1), value(next, depth + 1)];
    case 7:
      return new Map([[text(next), value(next, depth + 1)]]);
    case 8:
      return new Error(text(next), { cause: text(next) });
    case 9: {
      const json = text(next);
      return { toJSON: () => json };
    }
    default:
      return { [text(next)]: value(next, depth + 1), plain: value(next, depth + 1) };
  }
}

describe('FileHandler lines beyond ASCII', () => {
  it('are exactly the UTF-8 of the JSON text line for 3,000 random records', () => {
    const next = random(20261121);
    const formatter = new JsonFormatter({ host: 'h' });
    const path = join(dir, 'app.jsonl');
    const handler = new FileHandler(path, { formatter, sync: true });
    let expected = '';
    for (let i = 0; i < 3000; i++) {
      const fields: Record<string, unknown> = {};
      for (let k = 0; k < 3; k++) fields[`${text(next)}${k}`] = value(next, 0);
      const make = (): LogRecord =>
        new LogRecord(
          Date.UTC(2026, 10, 21, 12, 0, 0, i % 1000),
          20,
          next() < 0.2 ? text(next) || 'app' : 'app',
          next() < 0.5 ? `${text(next)} {${Object.keys(fields)[0]!}}` : 'plain',
          fields,
          next() < 0.1 ? new TypeError(text(next)) : undefined,
          next() < 0.3 ? text(next) || undefined : undefined,
        );
      const record = make();
      expected += formatter.format(record);
      handler.handle(record);
    }
    handler.close();
    const written = readFileSync(path);
    const want = Buffer.from(expected, 'utf8');
    // Compare line by line first, so a failure names the record instead of dumping megabytes.
    const got = written.toString('utf8').split('\n');
    const exp = want.toString('utf8').split('\n');
    for (let i = 0; i < exp.length; i++) expect(got[i], `line ${i + 1}`).toBe(exp[i]);
    expect(written.equals(want)).toBe(true);
  });
});
