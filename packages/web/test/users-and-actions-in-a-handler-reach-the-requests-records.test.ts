// What a handler says about its user reaches the records of its request: setUser() without the request object
// inside the handler, setUser(req, null) at logout, requireAuth() on a members' page. action() inside a request
// fills the message's {user}, {ip} and {action} from the request unless the caller gave them, and adds nothing the
// message does not name. Calls that cannot find their request say so, rather than setting a user on nothing.

import { AsyncResource } from 'node:async_hooks';
import { createServer, type ServerResponse } from 'node:http';
import { Level, TestHandler } from 'logbook';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { action, createWebLogbook, requireAuth, setUser } from '../src/index.js';
import { Harness, log, runningSite } from './behaviour.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

// A callback made at start-up (a pool's, a queue's) runs outside every request: only the request object tells which.
const outsideAnyRequest = AsyncResource.bind((call: () => void) => call());

const h = new Harness(async (logbook) => {
  const server = createServer(
    logbook.node((req, res) => {
      const path = req.url ?? '/';
      if (path === '/sign-in') {
        setUser({ id: 'ann' }); // no request object: the handler's own request
        log.info('after sign-in');
        send(res, 200, 'welcome');
      } else if (path === '/sign-out') {
        setUser(req, { id: 'ann' });
        setUser(req, null);
        log.info('after sign-out');
        send(res, 200, 'bye');
      } else if (path === '/members') {
        requireAuth();
        send(res, 401, 'sign in first');
      } else if (path === '/user-of-the-wrong-object') {
        try {
          setUser({ headers: {} }, { id: 'ann' });
          send(res, 200, 'set');
        } catch (error) {
          send(res, 200, (error as Error).message);
        }
      } else if (path === '/members-via-a-start-up-callback') {
        outsideAnyRequest(() => requireAuth(req));
        send(res, 401, 'sign in first');
      } else if (path === '/act-for-another') {
        action('newsletter.subscribe');
        setUser(req, { id: 'ann' });
        action('user.login', { user: 'admin-7', who: 'the support desk' });
        action('purchase', {}, { message: 'Bought {action} by {user} from {ip}' });
        action(
          'purchase',
          { action: 'gift', user: 'bob', ip: '192.0.2.9' },
          { message: '{action} {user} {ip}' },
        );
        action('purchase', { amount: 49 }, { message: 'Paid {amount}' });
        send(res, 200, 'done');
      } else {
        send(res, 404, 'not found');
      }
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return runningSite(server, logbook);
});

describe('a handler that tells who its user is', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('without the request object puts the user on its later records and its access record', async () => {
    await h.fetch('/sign-in', { headers: { 'x-request-id': 'in-1' } });
    const access = await h.access('in-1');
    const after = h.records().find((r) => r.message === 'after sign-in')!;
    expect(after.user?.id).toMatch(/^u-[0-9a-f]{16}$/);
    expect(access.user).toEqual(after.user);
  });

  it('with null at logout leaves the user off its later records and its access record', async () => {
    await h.fetch('/sign-out', { headers: { 'x-request-id': 'out-1' } });
    const access = await h.access('out-1');
    const after = h.records().find((r) => r.message === 'after sign-out')!;
    expect(after).not.toHaveProperty('user');
    expect(access).not.toHaveProperty('user');
  });

  it('with an object that is not its request is told what to pass', async () => {
    const response = await h.fetch('/user-of-the-wrong-object', { headers: { 'x-request-id': 'wrong-1' } });
    expect(await response.text()).toMatch(
      /^setUser\(\) found no request: call it with the request or context/,
    );
    expect((await h.access('wrong-1')).user).toBeUndefined();
  });

  it('on a members page marks its access record as one that needs a login', async () => {
    await h.fetch('/members', { headers: { 'x-request-id': 'members-1', 'user-agent': CHROME } });
    const access = await h.access('members-1');
    expect(access.request?.auth_required).toBe(true);
    expect(access.message).toContain('login required');
  });

  it('on a members page, from a callback outside every request, marks the request it names', async () => {
    await h.fetch('/members-via-a-start-up-callback', { headers: { 'x-request-id': 'members-2' } });
    expect((await h.access('members-2')).request?.auth_required).toBe(true);
  });
});

describe('actions in a request', () => {
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('fill the message from the request unless the caller gave the value, and add only what it names', async () => {
    await h.fetch('/act-for-another', { headers: { 'x-request-id': 'act-1', 'user-agent': CHROME } });
    await h.access('act-1');
    const actions = h
      .records()
      .filter((r) => ['newsletter.subscribe', 'user.login', 'purchase'].includes(r.event ?? ''));
    const user = actions[1]!.user!.id;
    const who = 'Chrome 141 on Windows 10 from 127.0.0.1';
    expect(actions.map((r) => [r.message, r.fields ?? {}])).toEqual([
      [`Newsletter subscription by anonymous with ${who}`, { user: 'anonymous', who }],
      ['User admin-7 logged in with the support desk', { user: 'admin-7', who: 'the support desk' }],
      [`Bought purchase by ${user} from 127.0.0.1`, { action: 'purchase', user, ip: '127.0.0.1' }],
      ['gift bob 192.0.2.9', { action: 'gift', user: 'bob', ip: '192.0.2.9' }],
      ['Paid 49', { amount: 49 }],
    ]);
  });
});

describe('calls outside any request', () => {
  it('setUser() says it found no request; requireAuth() does nothing; an action leaves {who} unfilled', () => {
    const handler = new TestHandler({ level: Level.INFO }).pushApplication();
    const logbook = createWebLogbook({});
    try {
      expect(() => logbook.setUser(undefined, { id: 'ann' })).toThrow(
        "setUser() found no request: call it with the request or context of a request that went through Logbook's middleware",
      );
      expect(() => logbook.requireAuth()).not.toThrow();
      expect(() => logbook.requireAuth({ headers: {} })).not.toThrow();
      logbook.action('purchase', {}, { message: 'Bought by {who}' });
      expect(handler.records.map((r) => r.message)).toEqual(['Bought by {who?}']);
    } finally {
      logbook.close();
      handler.popApplication();
    }
  });
});
