import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebLogbook } from '../src/index.js';
import { Harness, type RunningSite, runningSite } from './behaviour.js';

// Hono lists every route a request matches, the catch-all after the page's own route and routes whose handler never
// ran among them. The record's route is that of the handler that answered: the one Hono dispatched last.
async function site(logbook: WebLogbook): Promise<RunningSite> {
  const app = new Hono();
  app.use(logbook.hono());
  app.use('/admin/*', async (c, next) => {
    if (c.req.header('authorization') === undefined) return c.text('log in first', 401);
    await next();
  });
  app.get('/admin/:page', (c) => c.text('admin'));
  app.get('/items/:id', (c) => c.text('item'));
  app.get('/items/*', (c) => c.text('never: /items/:id answers first'));
  app.get('/docs/*', (_c, next) => next()); // passes on, as a middleware does
  app.get('/docs/:page', (c) => c.text('docs'));
  // The site's own page for what no other route answers.
  app.all('*', (c) => c.text('no such page', 404));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return runningSite(server as Server, logbook);
}

describe('Hono: the route of a request', () => {
  const h = new Harness(site);
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  async function routeOf(path: string, headers: Record<string, string> = {}): Promise<string | undefined> {
    const id = `route-${path.replaceAll('/', '_')}-${Object.keys(headers).length}`;
    const response = await h.fetch(path, { headers: { 'x-request-id': id, ...headers } });
    await response.text();
    return (await h.access(id)).request?.route;
  }

  it('is the one whose handler answered, not a catch-all matched after it', async () => {
    expect(await routeOf('/items/3')).toBe('/items/:id');
    expect(await routeOf('/docs/intro')).toBe('/docs/:page');
    expect(await routeOf('/admin/users', { authorization: 'Basic eA==' })).toBe('/admin/:page');
  });

  it('is the catch-all when it answered', async () => {
    expect(await routeOf('/nothing/here')).toBe('/*');
  });

  it('is none when a middleware answered before any handler ran', async () => {
    expect(await routeOf('/admin/users')).toBeUndefined();
  });
});
