// Found by any-thrown-value-is-logged-in-every-output.test.ts (shrunk: a function whose `name` getter throws, as the
// thrown value). A message hole showing such a function threw out of toText(), so the record of
// `log.exception(fn)` or `log.info('got {route.handler}', { route: { handler } })` was lost in every output; and the JSON writer, meeting it
// anywhere in the fields or among an error's props, wrote the whole fields object (or props) as the string
// "[Thrown: …]", which the schema refuses. It is now written `[Function anonymous]`, as a function without a name.

import { describe, expect, it } from 'vitest';
import { JsonFormatter, Logger, StreamHandler, TextFormatter, toText } from '../src/index.js';
import { assertValidRecord, MemoryStream, pushForTest } from './helpers.js';

function nameless(): () => void {
  const fn = (): void => {};
  Object.defineProperty(fn, 'name', {
    get(): never {
      throw new Error('no name');
    },
  });
  return fn;
}

describe('a function whose name getter throws', () => {
  it('reads [Function anonymous] in a message hole and in the fields, which stay an object', () => {
    const json = new MemoryStream();
    const text = new MemoryStream();
    pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }) }));
    pushForTest(
      new StreamHandler(text, { formatter: new TextFormatter({ template: '{message}' }), bubble: true }),
    );
    // (Not at the top of the fields: a function there is a lazy value, called for its value.)
    new Logger('app').info('got {route.handler}', { route: { handler: nameless() }, user: 'ann' });
    const record = assertValidRecord(json.lines[0]!);
    expect(record['message']).toBe('got [Function anonymous]');
    expect(record['fields']).toEqual({ route: { handler: '[Function anonymous]' }, user: 'ann' });
    expect(text.lines).toEqual(['got [Function anonymous]']);
  });

  it('thrown, or among the props of an error, is written the same way', () => {
    const json = new MemoryStream();
    pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }) }));
    const log = new Logger('app');
    log.exception(nameless());
    log.exception(Object.assign(new Error('failed'), { handler: nameless() }));
    const [thrown, withProp] = json.lines.map(assertValidRecord);
    expect(thrown!['message']).toBe('Exception: [Function anonymous]');
    expect((withProp!['error'] as { props: unknown }).props).toEqual({ handler: '[Function anonymous]' });
    expect(toText(nameless())).toBe('[Function anonymous]');
  });
});
