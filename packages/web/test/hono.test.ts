import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { stream } from 'hono/streaming';
import { validator } from 'hono/validator';
import {
  action,
  captureError,
  currentRequestId,
  requireAuth,
  setUser,
  type WebLogbook,
} from '../src/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Harness,
  behaviourSuite,
  log,
  crashAsync,
  expectCrashPage,
  expectOwn4xxKept,
  loginFirst,
  runningSite,
  type RunningSite,
} from './behaviour.js';

/** The app served on a free loopback port by @hono/node-server, as the suite needs it. */
async function served(app: Hono, logbook: WebLogbook): Promise<RunningSite> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return runningSite(server as Server, logbook);
}

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const app = new Hono();
  app.use(logbook.hono());
  app.onError(logbook.honoErrors());
  app.get('/ctx/:n', async (c) => {
    const n = Number(c.req.param('n'));
    log.info('step {n}', { n });
    await new Promise((resolve) => setTimeout(resolve, n % 7));
    log.info('step {n}', { n });
    return c.json({ id: currentRequestId() });
  });
  app.get('/hello', (c) => {
    log.debug('saying hello');
    log.info('said hello');
    return c.text('hello');
  });
  app.get('/private', (c) => {
    requireAuth(c);
    return c.text('private', c.req.header('x-user') === undefined ? 401 : 200);
  });
  app.post('/login', async (c) => {
    const body = await c.req.json<{ user: string }>();
    setUser(c, { id: body.user, name: 'Alice', email: 'alice@example.org' });
    action('user.login');
    setTimeout(() => log.info('after login'), 0);
    return c.text('welcome');
  });
  app.post('/login-failed', (c) => {
    action('user.login_failed');
    return c.text('no', 401);
  });
  app.post('/crash', async (c) => {
    await c.req.json();
    log.debug('about to crash');
    throw new Error('db exploded in /srv/app/db.js');
  });
  app.get('/crash-async', crashAsync);
  app.get('/thrown-401', () => {
    // An http-errors-style object: honoErrors() answers it (an HTTPException answers itself).
    throw loginFirst();
  });
  app.get('/crash-too', () => {
    throw new Error('another bug');
  });
  // Hono's stream() catches what the callback throws: its onError is where the app reports it.
  app.get('/stream-crash', (c) =>
    stream(
      c,
      async (s) => {
        await s.write('part one\n');
        await s.sleep(20);
        throw new Error('late failure');
      },
      async (error) => {
        captureError(c, error);
      },
    ),
  );
  app.get('/thrown-404', () => {
    throw new HTTPException(404, { message: 'no such page' });
  });
  app.post('/upstream-reset', async (c) => {
    await c.req.arrayBuffer();
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  });
  app.post('/upload', async (c) => c.text(`got ${(await c.req.arrayBuffer()).byteLength}`));
  app.post(
    '/json',
    validator('json', (value) => value),
    (c) => c.json({ got: c.req.valid('json') }),
  );
  return served(app, logbook);
}

behaviourSuite('Hono', site);

describe('Hono without app.onError', () => {
  const h = new Harness(async (logbook) => {
    const app = new Hono();
    app.use(logbook.hono());
    app.get('/crash', () => {
      throw new Error('db exploded in /srv/app/db.js');
    });
    return served(app, logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('still replaces the answer with the crash page and records the incident', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args); // Hono's default onError prints the error
    try {
      const { page } = await expectCrashPage(h, '/crash', 'hono-plain');
      expect(page).not.toContain('exploded');
    } finally {
      console.error = original;
    }
  });
});

describe('Hono: an HTTPException thrown on purpose', () => {
  const h = new Harness(site);
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('keeps its own answer and is no incident', async () => {
    const response = await h.fetch('/thrown-404', { headers: { 'x-request-id': 'hono-404' } });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('no such page');
    const access = await h.access('hono-404');
    expect(access.level).toBe('NOTICE');
    expect(h.records().some((r) => r.event === 'incident')).toBe(false);
  });
});

describe("Hono with the app's own onError", () => {
  const h = new Harness(async (logbook) => {
    const app = new Hono();
    app.use(logbook.hono());
    app.onError((error, c) =>
      (error as { code?: string }).code === 'P2002'
        ? c.text('that name is taken', 409)
        : c.text('our own 500 page', 500),
    );
    app.get('/duplicate', () => {
      throw Object.assign(new Error('unique constraint failed'), { code: 'P2002' });
    });
    app.get('/crash', () => {
      throw new Error('db exploded');
    });
    return served(app, logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('keeps a 4xx it made of an error: its answer, no incident', async () => {
    await expectOwn4xxKept(h, 'dup-1');
  });

  it('gets the crash page for a 500 it answered without captureError()', async () => {
    const { page } = await expectCrashPage(h, '/crash', 'own-500');
    expect(page).not.toContain('our own 500 page');
  });
});
