import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { action, currentRequestId, requireAuth, setUser, type WebLogbook } from '../src/index.js';
import { behaviourSuite, log, type RunningSite } from './behaviour.js';

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
  app.get('/crash-async', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw new TypeError('async boom');
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections(): void }).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

behaviourSuite('Hono', site);
