// The JSON formatter writes a message by rendering the values into the template's text, which it escaped
// (and converted to UTF-8 bytes, for files) once per template. Whatever the template's text and the
// values hold, the line must carry exactly the quoted rendered message, as text and as bytes.
import { describe, expect, it } from 'vitest';
import { JsonFormatter, LogRecord } from '../src/index.js';
import { seededRandom as random, textOf } from './helpers.js';

const PIECES = [
  'a',
  ' ',
  '→',
  '"',
  '\\',
  '\n',
  'é',
  '🚢',
  '\ud83d',
  '\udc00',
  '\u007f',
  '{',
  '}',
  '{{',
  'ms',
];

const text = (next: () => number): string => textOf(next, PIECES, 6);

function value(next: () => number): unknown {
  switch (Math.floor(next() * 8)) {
    case 0:
      return text(next);
    case 1:
      return 'GET';
    case 2:
      return Math.round(next() * 100000) / 100;
    case 3:
      return undefined;
    case 4:
      return { nested: text(next) };
    case 5:
      return next() < 0.5;
    case 6:
      return null;
    default:
      return '/path/' + String(Math.floor(next() * 100));
  }
}

describe('the message of a JSON line', () => {
  it('is the quoted rendered message for 5,000 random templates and values', () => {
    const next = random(5);
    const formatter = new JsonFormatter({ host: 'h' });
    for (let i = 0; i < 5000; i++) {
      const names = ['method', 'path', 'status', 'user.name', '0', 'error'];
      let template = text(next);
      const used = Math.floor(next() * 4) + 1;
      for (let h = 0; h < used; h++)
        template += `{${names[Math.floor(next() * names.length)]!}}${text(next)}`;
      const fields: Record<string, unknown> = {
        method: value(next),
        path: value(next),
        status: value(next),
        user: { name: value(next) },
      };
      const make = (): LogRecord =>
        new LogRecord(0, 20, 'app', template, fields, next() < 0.2 ? new Error('boom →') : undefined);
      const record = make();
      const line = formatter.format(record);
      const bytes = formatter.formatUtf8Bytes(record);
      const message = record.message; // rendered after the lines were built
      const at = line.indexOf(',"message":') + ',"message":'.length;
      expect(line.slice(at, at + JSON.stringify(message).length + 1), template).toBe(
        JSON.stringify(message) + ',',
      );
      expect((JSON.parse(line) as { message: string }).message).toBe(message);
      expect(bytes, template).toBe(Buffer.from(line, 'utf8').toString('latin1'));
      // Once the message was rendered, the formatter quotes it: the same line.
      expect(formatter.format(record)).toBe(line);
    }
  });
});
