// TestHandler is what users write their own tests with: its questions must answer exactly. A level matches only
// that level, a string matches the rendered message or the template, a pattern matches the message (also a global
// pattern asked twice), channel and event narrow the search, and `formatted` gives each line without its newline.

import { describe, expect, it } from 'vitest';
import { Logger, TestHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

describe('TestHandler', () => {
  it('answers each has<Level>() for that level only', () => {
    const handler = pushForTest(new TestHandler());
    const log = new Logger('app');
    const asked = (): boolean[] => [
      handler.hasTrace(),
      handler.hasDebug(),
      handler.hasInfo(),
      handler.hasNotice(),
      handler.hasWarning(),
      handler.hasError(),
      handler.hasCritical(),
    ];
    expect(asked()).toEqual([false, false, false, false, false, false, false]);
    const calls = [
      () => log.trace('x'),
      () => log.debug('x'),
      () => log.info('x'),
      () => log.notice('x'),
      () => log.warning('x'),
      () => log.error('x'),
      () => log.critical('x'),
    ];
    calls.forEach((call, index) => {
      handler.clear();
      call();
      expect(asked()).toEqual(calls.map((_, other) => other === index));
    });
  });

  it('matches a string against the rendered message or the template, and nothing else', () => {
    const handler = pushForTest(new TestHandler());
    new Logger('auth').info('User {user} logged in', { user: 'ann' });
    expect(handler.hasInfo('User ann logged in')).toBe(true);
    expect(handler.hasInfo('User {user} logged in')).toBe(true);
    expect(handler.hasInfo('User bob logged in')).toBe(false);
    expect(handler.hasInfo('User ann')).toBe(false);
    expect(handler.hasWarning('User ann logged in')).toBe(false);
  });

  it('matches a pattern against the message, the same way every time it is asked', () => {
    const handler = pushForTest(new TestHandler());
    new Logger('auth').info('User {user} logged in', { user: 'ann' });
    const pattern = /ann/g;
    expect(handler.hasInfo(pattern)).toBe(true);
    expect(handler.hasInfo(pattern)).toBe(true); // a global pattern remembers where it stopped
    expect(handler.hasInfo(/bob/)).toBe(false);
  });

  it('narrows by channel and event', () => {
    const handler = pushForTest(new TestHandler());
    new Logger('auth').notice('signed in', undefined, { event: 'user.login' });
    new Logger('billing').notice('paid');
    expect(handler.hasNotice('signed in', { channel: 'auth' })).toBe(true);
    expect(handler.hasNotice('signed in', { channel: 'billing' })).toBe(false);
    expect(handler.hasNotice(undefined, { event: 'user.login' })).toBe(true);
    expect(handler.hasNotice('paid', { event: 'user.login' })).toBe(false);
    expect(handler.hasNotice(undefined, { channel: 'billing', event: 'user.login' })).toBe(false);
    expect(handler.has('notice', 'paid', { channel: 'billing' })).toBe(true);
  });

  it('lists the records at exactly one level, given by name or number', () => {
    const handler = pushForTest(new TestHandler());
    const log = new Logger('app');
    log.info('a');
    log.warning('b');
    log.info('c');
    expect(handler.recordsAt('info').map((record) => record.message)).toEqual(['a', 'c']);
    expect(handler.recordsAt(40).map((record) => record.message)).toEqual(['b']);
    expect(handler.recordsAt('error')).toEqual([]);
  });

  it('formats each record as "[LEVEL] channel: message" without the trailing newline, and clear() empties it', () => {
    const handler = pushForTest(new TestHandler());
    new Logger('db').warning('pool {n} exhausted', { n: 2 });
    expect(handler.formatted).toEqual(['[WARNING] db: pool 2 exhausted']);
    new Logger('db').exception(new Error('connection lost'));
    expect(handler.formatted.at(-1)).toBe('[ERROR] db: Exception: Error: connection lost'); // no stack lines
    handler.clear();
    expect(handler.records).toEqual([]);
    expect(handler.formatted).toEqual([]);
  });
});
