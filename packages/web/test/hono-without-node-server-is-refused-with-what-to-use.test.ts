import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebLogbook, type WebLogbook } from '../src/index.js';

// The Hono middleware reads the client address and the finished response from Node's request and response, which
// only @hono/node-server hands over (as c.env.incoming and c.env.outgoing). Elsewhere (app.request() in a test,
// Bun, Deno, a worker, an app.fetch() of one's own) every request fails with an error that says what to use.
let logbook: WebLogbook | undefined;
afterEach(() => logbook?.close());

async function errorOf(call: (app: Hono) => Response | Promise<Response>): Promise<unknown> {
  logbook = createWebLogbook({});
  const app = new Hono();
  app.use(logbook.hono());
  app.get('/', (c) => c.text('home'));
  let caught: unknown;
  app.onError((error, c) => {
    caught = error;
    return c.text('failed', 500);
  });
  const response = await call(app);
  expect(response.status).toBe(500);
  return caught;
}

describe('Hono without @hono/node-server', () => {
  it('fails each request with an error naming @hono/node-server', async () => {
    const error = await errorOf((app) => app.request('/'));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('HonoRuntimeError');
    expect((error as Error).message).toBe(
      "@logbook/web's Hono middleware needs @hono/node-server (serve({ fetch: app.fetch })): " +
        'it reads the client address and the finished response from Node.',
    );
  });

  it('also with bindings of its own in the environment', async () => {
    const error = await errorOf((app) => app.request('/', {}, { DATABASE_URL: 'postgres://db' }));
    expect((error as Error).name).toBe('HonoRuntimeError');
  });

  it("also with Node's request but not its response (an app.fetch() of one's own)", async () => {
    const incoming = new IncomingMessage(new Socket());
    const error = await errorOf((app) => app.request('/', {}, { incoming }));
    expect((error as Error).name).toBe('HonoRuntimeError');
  });
});
