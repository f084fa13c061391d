// Which calls a logger lets through: its own level and its group's (the higher wins), `disabled` on either, levels
// changed after creation, a logger moved from one group to another or removed from it, and isEnabledFor() agreeing
// with what is logged, also for handlers bound to the current async context only. A NestedSetup flushes and
// closes its handlers and names its members.

import { describe, expect, it } from 'vitest';
import { Logger, LoggerGroup, NestedSetup, Processor, TestHandler } from '../src/index.js';
import { pushForTest } from './helpers.js';

const messages = (handler: TestHandler): string[] => handler.records.map((record) => record.message);

describe('a logger', () => {
  it('logs at its own level exactly, and follows a level or disabled changed later', () => {
    const sink = pushForTest(new TestHandler());
    const log = new Logger('app', { level: 'notice' });
    expect(log.level).toBe(35);
    log.info('below');
    log.notice('at');
    log.level = 'error';
    log.warning('below now');
    log.error('at now');
    log.disabled = true;
    expect(log.disabled).toBe(true);
    log.critical('off');
    log.disabled = false;
    log.critical('on again');
    expect(messages(sink)).toEqual(['at', 'at now', 'on again']);
  });

  it('logs through each level method at exactly the logger level and the handler level', () => {
    const names = ['trace', 'debug', 'info', 'notice', 'warning', 'error', 'critical'] as const;
    for (const name of names) {
      const sink = new TestHandler({ level: name });
      const log = new Logger('app', { level: name });
      sink.bind(() => log[name]('at {name}', { name }));
      expect(
        sink.records.map((record) => record.message),
        name,
      ).toEqual([`at ${name}`]);
    }
  });

  it('log() takes any level by name or number, and stops below the logger level', () => {
    const sink = pushForTest(new TestHandler());
    const log = new Logger('app', { level: 'warning' });
    log.log('info', 'below');
    log.log(40, 'at');
    log.log('critical', 'above');
    expect(messages(sink)).toEqual(['at', 'above']);
  });

  it('isEnabledFor() agrees with what is logged, for its own level and the handlers here', async () => {
    const log = new Logger('app', { level: 'info' });
    pushForTest(new TestHandler({ level: 'debug' }));
    expect(log.isEnabledFor('debug')).toBe(false); // the logger's level
    expect(log.isEnabledFor('info')).toBe(true);
    const quiet = new Logger('quiet');
    const context = new TestHandler({ level: 'trace' });
    await context.bind(async () => {
      await Promise.resolve();
      expect(quiet.isEnabledFor('trace')).toBe(true); // a handler in this context takes it
    });
    expect(quiet.isEnabledFor('trace')).toBe(false); // not outside it
    expect(quiet.isEnabledFor('debug')).toBe(true);
  });

  it('an exception() without a template reads "Exception: <error>", with a template that template', () => {
    const sink = pushForTest(new TestHandler());
    const log = new Logger('app');
    log.exception(new RangeError('too big'));
    log.exception(new RangeError('too big'), 'Import of {file} failed', { file: 'a.csv' });
    log.exception(undefined);
    expect(messages(sink)).toEqual([
      'Exception: RangeError: too big',
      'Import of a.csv failed',
      'Exception: undefined',
    ]);
    expect(sink.records.every((record) => record.level === 50)).toBe(true);
  });

  it('below its level, exception() logs nothing', () => {
    const sink = pushForTest(new TestHandler());
    new Logger('app', { level: 'critical' }).exception(new Error('x'));
    expect(sink.records).toEqual([]);
  });
});

describe('LoggerGroup', () => {
  it('the higher of the logger and group level wins', () => {
    const sink = pushForTest(new TestHandler());
    const strict = new Logger('strict', { level: 'error' });
    const loose = new Logger('loose');
    new LoggerGroup([strict, loose], { level: 'warning' });
    for (const log of [strict, loose]) {
      log.info('info');
      log.warning('warning');
      log.error('error');
    }
    expect(sink.records.map((record) => `${record.channel} ${record.message}`)).toEqual([
      'strict error',
      'loose warning',
      'loose error',
    ]);
  });

  it('a logger moved to another group follows only that one; removed, only its own level', () => {
    const sink = pushForTest(new TestHandler());
    const log = new Logger('moved');
    const first = new LoggerGroup([log], { level: 'error' });
    const second = new LoggerGroup([], { level: 'warning' });
    second.add(log);
    expect(log.group).toBe(second);
    expect(first.loggers).toEqual([]);
    expect(second.loggers).toEqual([log]);
    first.disabled = true; // no longer its group
    log.warning('second group');
    second.remove(log);
    expect(log.group).toBeUndefined();
    second.disabled = true;
    log.info('own level');
    expect(messages(sink)).toEqual(['second group', 'own level']);
  });

  it('removing a logger from a group it is not in leaves it in its own group', () => {
    const sink = pushForTest(new TestHandler());
    const log = new Logger('member');
    const own = new LoggerGroup([log], { level: 'error' });
    new LoggerGroup().remove(log);
    expect(log.group).toBe(own);
    log.warning('still below its group level');
    expect(sink.records).toEqual([]);
  });

  it('a logger created with a group option joins it, and starts disabled when the group is', () => {
    const sink = pushForTest(new TestHandler());
    const group = new LoggerGroup([], { disabled: true });
    const log = new Logger('late', { group });
    expect(group.loggers).toEqual([log]);
    log.critical('hidden');
    group.disabled = false;
    log.info('shown');
    expect(messages(sink)).toEqual(['shown']);
  });

  it('runs the group processor before the logger processor, for each record', () => {
    const sink = pushForTest(new TestHandler());
    const order: string[] = [];
    const log = new Logger('app', { processor: () => void order.push('logger') });
    new LoggerGroup([log], { processor: () => void order.push('group') });
    log.info('x');
    expect(order).toEqual(['group', 'logger']);
    expect(sink.records).toHaveLength(1);
  });
});

describe('NestedSetup', () => {
  it('flushes and closes only its handlers, and names its members', async () => {
    const endings: string[] = [];
    class Sink extends TestHandler {
      override flush(): void {
        endings.push('flush');
      }
      override flushSync(): void {
        endings.push('flushSync');
      }
      override close(): void {
        endings.push('close');
      }
    }
    const setup = new NestedSetup([new Sink({ level: 'info' }), new Processor(() => undefined, 'tag')]);
    await setup.flush();
    setup.flushSync();
    await setup.close();
    expect(endings).toEqual(['flush', 'flushSync', 'close']);
    expect(String(setup)).toBe('NestedSetup(Sink(level=INFO), Processor(tag))');
  });
});
