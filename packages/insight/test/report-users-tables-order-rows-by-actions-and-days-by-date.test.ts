// The Users section counts the application's user actions by browser, by operating system and by day. The browser
// and OS tables put the rows with the most actions first (the ones worth a look); the days read as a calendar.
// Actions without a signed-in user (a failed login, a newsletter sign-up) are actions all the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { cli, tempDir, writeJsonl, type Rec } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

const FIREFOX = { kind: 'human', browser: 'Firefox 133', os: 'Windows' };
const SAFARI = { kind: 'human', browser: 'Safari 18', os: 'macOS' };
const CHROME = { kind: 'human', browser: 'Chrome 141', os: 'Linux' };

/** A user action as @logbook/web's action() records it, by `userId` when someone is signed in. */
const action = (time: string, event: string, client: object, userId?: string): Rec => ({
  v: 1,
  host: 'web-1',
  pid: 4242,
  time,
  level: event === 'user.login_failed' ? 'WARNING' : 'NOTICE',
  channel: 'auth',
  msg: event,
  message: event,
  event,
  client,
  ...(userId === undefined ? {} : { user: { id: userId } }),
});

const NONE = {
  'user.signup': 0,
  'user.login': 0,
  'user.login_failed': 0,
  'user.logout': 0,
  'newsletter.subscribe': 0,
  purchase: 0,
};

describe('the Users section', () => {
  it('lists browsers and systems with the most actions first, and days in date order', async () => {
    const dir = tempDir();
    // By name and by day the first comes last by number of actions: Chrome and Linux one, the 20th one.
    writeJsonl(join(dir, 'app.jsonl'), [
      action('2026-11-20T10:00:00.000Z', 'user.signup', CHROME, 'u-1'),
      action('2026-11-21T10:00:00.000Z', 'user.login', FIREFOX, 'u-2'),
      action('2026-11-21T11:00:00.000Z', 'user.logout', FIREFOX, 'u-2'),
      action('2026-11-21T12:00:00.000Z', 'purchase', FIREFOX, 'u-2'),
      action('2026-11-22T10:00:00.000Z', 'newsletter.subscribe', SAFARI, 'u-3'),
      action('2026-11-22T11:00:00.000Z', 'user.login_failed', SAFARI),
    ]);
    const run = await cli(['report', dir, '--json']);
    expect(run.err).toBe('');
    const { users } = JSON.parse(run.out) as Report;
    const firefox = { ...NONE, 'user.login': 1, 'user.logout': 1, purchase: 1 };
    const safari = { ...NONE, 'newsletter.subscribe': 1, 'user.login_failed': 1 };
    const chrome = { ...NONE, 'user.signup': 1 };
    expect(users.users).toBe(3);
    expect(users.by_browser).toEqual([
      { browser: 'Firefox 133', ...firefox },
      { browser: 'Safari 18', ...safari },
      { browser: 'Chrome 141', ...chrome },
    ]);
    expect(users.by_os).toEqual([
      { os: 'Windows', ...firefox },
      { os: 'macOS', ...safari },
      { os: 'Linux', ...chrome },
    ]);
    expect(users.over_time).toEqual([
      { day: '2026-11-20', ...chrome },
      { day: '2026-11-21', ...firefox },
      { day: '2026-11-22', ...safari },
    ]);

    // The terminal titles every action's column with a short word, in the order of the actions line.
    const text = (await cli(['report', dir, '--no-color', '--width', '120'])).out.split('\n');
    for (const first of ['browser', 'os'])
      expect(text.find((l) => l.trimStart().startsWith(`${first} `))?.trim()).toMatch(
        new RegExp(`^${first} +signups +logins +login fails +logouts +subscribed +purchases$`),
      );
  });

  it('counts actions with no one signed in, and shows them', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'app.jsonl'), [
      action('2026-11-21T10:00:00.000Z', 'user.login_failed', FIREFOX),
      action('2026-11-21T10:00:05.000Z', 'user.login_failed', FIREFOX),
      action('2026-11-21T10:01:00.000Z', 'newsletter.subscribe', SAFARI),
    ]);
    const report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.users.users).toBe(0);
    expect(report.users.actions).toEqual({ ...NONE, 'user.login_failed': 2, 'newsletter.subscribe': 1 });

    const text = (await cli(['report', dir, '--no-color', '--width', '120'])).out;
    const section = text.slice(text.indexOf('\nUsers'), text.indexOf('\nCrawlers'));
    expect(section).toContain('user.login_failed 2');
    expect(section).toContain('newsletter.subscribe 1');
    expect(section).not.toContain('none recorded');

    const html = join(tempDir(), 'report.html');
    expect((await cli(['report', dir, '--html', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    const users = page.slice(page.indexOf('<h2>Users</h2>'), page.indexOf('<h2>Crawlers</h2>'));
    expect(users).toContain('<table');
    expect(users).not.toContain('No user actions in this period');
  });
});
