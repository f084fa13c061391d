import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebLogbook } from '../src/index.js';
import { Harness, type RunningSite } from './behaviour.js';

// The plugin wraps every route handler to catch errors thrown after the reply went out. The wrapper must leave the
// handler's answer as Fastify would have sent it, whatever the handler's shape, and record only real crashes.
let registered = false;

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const app = Fastify({ genReqId: logbook.requestIdFor });
  await app.register(logbook.fastify);
  // Synchronous handlers: one returns the payload, one sends it and returns nothing.
  app.get('/returns', () => ({ shape: 'returned' }));
  app.get('/sends', (_request, reply) => {
    void reply.send('sent');
  });
  // A client error found after the answer went out is no crash.
  app.get('/late-404', async (_request, reply) => {
    await reply.send('here it is');
    throw Object.assign(new Error('the page went away meanwhile'), { statusCode: 404 });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  registered = app.hasPlugin('@logbook/web');
  return { url, close: () => app.close() };
}

describe('Fastify route handlers wrapped by the plugin', () => {
  const h = new Harness(site);
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  it('keep the answer of a synchronous handler, returned or sent', async () => {
    const returned = await h.fetch('/returns', { headers: { 'x-request-id': 'shape-1' } });
    expect(returned.status).toBe(200);
    expect(await returned.json()).toEqual({ shape: 'returned' });
    const sent = await h.fetch('/sends', { headers: { 'x-request-id': 'shape-2' } });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toBe('sent');
    expect((await h.access('shape-1')).request?.status).toBe(200);
    expect((await h.access('shape-2')).request?.status).toBe(200);
  });

  it('record no incident for a client error thrown after the reply went out', async () => {
    const response = await h.fetch('/late-404', { headers: { 'x-request-id': 'shape-3' } });
    expect(await response.text()).toBe('here it is');
    expect((await h.access('shape-3')).request?.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.records().filter((r) => r.event === 'incident')).toEqual([]);
  });

  it('come from a plugin Fastify knows by its name (hasPlugin, and its errors name it)', () => {
    expect(registered).toBe(true);
  });
});
