// logbook.action() writes what a user did as a record with its event name: known events in their own words
// (a NOTICE), failed logins as WARNINGs that say where they came from, any other valid name as
// "Action <name> by <user>" — including a name such as `constructor` that objects know by another meaning.

import { Level, TestHandler } from 'logbook';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebLogbook, type WebLogbook } from '../src/index.js';

let handler: TestHandler | undefined;
let logbook: WebLogbook | undefined;
afterEach(() => {
  logbook?.close();
  handler?.popApplication();
  logbook = undefined;
  handler = undefined;
});

function records() {
  handler = new TestHandler({ level: Level.DEBUG }).pushApplication();
  logbook = createWebLogbook({});
  return { logbook, handler };
}

describe('actions say what the user did', () => {
  it('in the words of a known event, as a NOTICE on the app channel', () => {
    const { logbook, handler } = records();
    logbook.action('user.login', { user: 'u-1' });
    logbook.action('newsletter.subscribe');
    logbook.action('purchase', { user: 'u-2' });
    expect(handler.records.map((r) => [r.message, r.level, r.channel, r.event])).toEqual([
      ['User u-1 logged in', Level.NOTICE, 'app', 'user.login'],
      ['Newsletter subscription by anonymous', Level.NOTICE, 'app', 'newsletter.subscribe'],
      ['Purchase by u-2', Level.NOTICE, 'app', 'purchase'],
    ]);
  });

  it('as "Action <name> by <user>" for any other name, also one objects know by another meaning', () => {
    const { logbook, handler } = records();
    logbook.action('course.enrol', { user: 'u-3' });
    logbook.action('constructor');
    expect(handler.records.map((r) => [r.message, r.event])).toEqual([
      ['Action course.enrol by u-3', 'course.enrol'],
      ['Action constructor by anonymous', 'constructor'],
    ]);
  });

  it('as a WARNING that says where from for a failed login, in either spelling', () => {
    const { logbook, handler } = records();
    logbook.action('user.login_failed', { ip: '203.0.113.7' });
    logbook.action('user.login.failed');
    expect(handler.records.map((r) => [r.message, r.level])).toEqual([
      ['Failed login from 203.0.113.7', Level.WARNING],
      ['Failed login from unknown address', Level.WARNING],
    ]);
  });

  it('with the message, level and channel the caller gives', () => {
    const { logbook, handler } = records();
    logbook.action(
      'user.login',
      { user: 'u-4' },
      { message: 'Welcome back {user}', level: 'info', channel: 'auth' },
    );
    const [record] = handler.records;
    expect([record!.message, record!.level, record!.channel, record!.event]).toEqual([
      'Welcome back u-4',
      Level.INFO,
      'auth',
      'user.login',
    ]);
  });
});
