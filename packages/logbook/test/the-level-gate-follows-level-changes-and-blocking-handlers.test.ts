// A call below every handler's level returns before building anything, so the level gate must follow the stack:
// a handler's level changed while it is pushed or bound takes effect at once (both ways), and a handler that can
// never receive a record (everything it would take is taken first by a non-bubbling handler or a blackhole above
// it) does not hold the gate open. isEnabledFor() and lazy values show what the gate lets through.

import { describe, expect, it } from 'vitest';
import {
  JsonFormatter,
  Logger,
  NullHandler,
  StreamHandler,
  TestHandler,
  TextFormatter,
} from '../src/index.js';
import { MemoryStream, pushForTest } from './helpers.js';

const log = new Logger('app');

/** Logs at DEBUG with a lazy field; says whether the value was computed (the record was built). */
function debugBuilt(): boolean {
  let built = false;
  log.debug('value {v}', {
    v: () => {
      built = true;
      return 1;
    },
  });
  return built;
}

describe('the level gate', () => {
  it('follows the level of a handler bound to a context, lowered and raised while bound', async () => {
    const own = new TestHandler({ level: 'error' });
    await own.bind(async () => {
      await Promise.resolve();
      expect(debugBuilt()).toBe(false);
      own.level = 'debug';
      expect(log.isEnabledFor('debug')).toBe(true);
      expect(debugBuilt()).toBe(true);
      own.level = 'warning';
      expect(debugBuilt()).toBe(false);
      log.warning('w');
    });
    expect(own.records.map((record) => record.message)).toEqual(['value 1', 'w']);
    expect(log.isEnabledFor('critical')).toBe(false); // gone with the context
  });

  it('follows the level of an application handler changed after the push', () => {
    const handler = pushForTest(new TestHandler({ level: 'warning' }));
    expect(debugBuilt()).toBe(false);
    handler.level = 'debug';
    expect(debugBuilt()).toBe(true);
    expect(handler.records).toHaveLength(1);
  });

  it('follows bubbling switched on and off after the push', () => {
    const below = pushForTest(new TestHandler());
    const top = pushForTest(new TestHandler());
    top.bubble = true;
    log.info('both');
    top.bubble = false;
    log.info('top only');
    expect(below.records.map((record) => record.message)).toEqual(['both']);
    expect(top.records).toHaveLength(2);
  });

  it('lets records below a non-bubbling handler pass to a lower one beneath it', () => {
    const below = pushForTest(new TestHandler({ level: 'debug' }));
    pushForTest(new TestHandler({ level: 'info' }));
    expect(log.isEnabledFor('debug')).toBe(true);
    expect(debugBuilt()).toBe(true);
    expect(below.records).toHaveLength(1);
  });

  it('is closed for levels a blackhole above swallows before any handler beneath could take them', () => {
    pushForTest(new TestHandler({ level: 'error' }));
    pushForTest(new NullHandler({ level: 'warning' }));
    expect(log.isEnabledFor('critical')).toBe(false);
    expect(log.isEnabledFor('debug')).toBe(false);
  });

  it('stays open below a blackhole whose filter may pass records on', () => {
    const below = pushForTest(new TestHandler({ level: 'error' }));
    pushForTest(new NullHandler({ filter: (record) => record.channel === 'noisy' }));
    expect(log.isEnabledFor('error')).toBe(true);
    log.error('falls through');
    expect(below.records.map((record) => record.message)).toEqual(['falls through']);
  });

  it('has no caller captured for a {caller} handler that a non-bubbling handler above keeps every record from', () => {
    pushForTest(
      new StreamHandler(new MemoryStream(), { formatter: new TextFormatter({ template: '{caller}' }) }),
    );
    const json = new MemoryStream();
    pushForTest(new StreamHandler(json, { formatter: new JsonFormatter({ host: 'h' }) }));
    log.info('x');
    expect(JSON.parse(json.lines[0]!)).not.toHaveProperty('caller');
  });
});
