import { describe, expect, it } from 'vitest';
import {
  Level,
  Logger,
  LoggerGroup,
  TestHandler,
  toLevel,
  levelName,
  UnknownLevelError,
} from '../src/index.js';
import { pushForTest } from './helpers.js';

describe('levels', () => {
  it('orders TRACE < DEBUG < INFO < NOTICE < WARNING < ERROR < CRITICAL', () => {
    const order = ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL'] as const;
    const values = order.map((name) => toLevel(name));
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(order.map((name) => levelName(toLevel(name)))).toEqual(order);
  });

  it('accepts names in any case and numbers, and explains a bad level', () => {
    expect(toLevel('warning')).toBe(Level.WARNING);
    expect(toLevel('Notice' as 'notice')).toBe(Level.NOTICE);
    expect(toLevel(35)).toBe(Level.NOTICE);
    expect(() => toLevel('loud' as 'info')).toThrow(UnknownLevelError);
    expect(() => toLevel('loud' as 'info')).toThrow(/use one of TRACE, DEBUG/);
  });
});

describe('Logger', () => {
  it('has a method per level that records level and channel', () => {
    const handler = pushForTest(new TestHandler());
    const log = new Logger('billing');
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.notice('n');
    log.warning('w');
    log.error('e');
    log.critical('c');
    log.log('warning', 'by name');
    expect(handler.records.map((r) => r.levelName)).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'NOTICE',
      'WARNING',
      'ERROR',
      'CRITICAL',
      'WARNING',
    ]);
    expect(new Set(handler.records.map((r) => r.channel))).toEqual(new Set(['billing']));
  });

  it('keeps the template, the rendered message and the fields apart', () => {
    const handler = pushForTest(new TestHandler());
    new Logger('auth').notice('User {user} logged in from {ip}', { user: 'ann', ip: '203.0.113.9' });
    const [record] = handler.records;
    expect(record!.msg).toBe('User {user} logged in from {ip}');
    expect(record!.message).toBe('User ann logged in from 203.0.113.9');
    expect(record!.fields).toEqual({ user: 'ann', ip: '203.0.113.9' });
  });

  it('renders positional holes from an array', () => {
    const handler = pushForTest(new TestHandler());
    new Logger().info('{0} bought {1}', ['ann', 'TypeScript 101']);
    expect(handler.records[0]!.message).toBe('ann bought TypeScript 101');
  });

  it('renders a missing field visibly and still records it', () => {
    const handler = pushForTest(new TestHandler());
    new Logger().info('User {user} from {ip}', { user: 'ann' } as never);
    expect(handler.records[0]!.message).toBe('User ann from {ip?}');
  });

  it('calls a lazy value only when a handler takes the record', () => {
    pushForTest(new TestHandler({ level: 'info' }));
    const log = new Logger();
    let calls = 0;
    const expensive = (): number => {
      calls++;
      return 42;
    };
    log.debug('answer {value}', { value: expensive });
    expect(calls).toBe(0);
    log.info('answer {value}', { value: expensive });
    expect(calls).toBe(1);
  });

  it('sets the event and attaches errors through options', () => {
    const handler = pushForTest(new TestHandler());
    const log = new Logger('auth');
    log.notice('User {user} logged in', { user: 'u1' }, { event: 'user.login' });
    log.exception(new TypeError('bad input'));
    expect(handler.records[0]!.event).toBe('user.login');
    expect(handler.records[1]!.level).toBe(Level.ERROR);
    expect(handler.records[1]!.message).toBe('Exception: TypeError: bad input');
    expect(handler.records[1]!.errorInfo?.name).toBe('TypeError');
  });

  it('can be disabled or given its own level', () => {
    const handler = pushForTest(new TestHandler());
    const quiet = new Logger('quiet', { level: 'warning' });
    quiet.info('not shown');
    quiet.warning('shown');
    const off = new Logger('off', { disabled: true });
    off.critical('not shown either');
    expect(handler.records.map((r) => r.message)).toEqual(['shown']);
  });

  it('LoggerGroup sets level, disabled and a processor for its loggers', () => {
    const handler = pushForTest(new TestHandler());
    const a = new Logger('a');
    const b = new Logger('b');
    const group = new LoggerGroup([a, b], { level: 'notice', processor: (r) => r.set('team', 'payments') });
    a.info('hidden');
    b.notice('visible');
    expect(handler.records.map((r) => r.message)).toEqual(['visible']);
    expect(handler.records[0]!.get('team')).toBe('payments');
    group.disabled = true;
    a.critical('gone');
    expect(handler.records).toHaveLength(1);
    group.disabled = false;
    group.level = 'info';
    a.info('back');
    expect(handler.records.map((r) => r.message)).toEqual(['visible', 'back']);
  });

  it('stays silent with no handler: nothing is built', () => {
    let built = false;
    new Logger().critical('x {v}', {
      v: () => {
        built = true;
        return 1;
      },
    });
    expect(built).toBe(false);
  });

  it('isEnabledFor tells whether a level reaches a handler', () => {
    const log = new Logger();
    expect(log.isEnabledFor('critical')).toBe(false);
    pushForTest(new TestHandler({ level: 'warning' }));
    expect(log.isEnabledFor('info')).toBe(false);
    expect(log.isEnabledFor('error')).toBe(true);
  });
});
