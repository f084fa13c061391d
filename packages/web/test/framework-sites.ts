// One small site built in each framework @logbook/web supports — node:http, Express 5, Fastify 5, Hono 4 on
// @hono/node-server, Koa with @koa/router and @koa/bodyparser — each with its own router, its own body parsers and
// its own ways to fail, for the properties that must hold in every one of them.
//
// Routes, and the pattern each framework knows them by:
//   ALL  /users/:id, /shop/:category/items/:item   answer the status sent in X-Status (default 200) with
//                                                  X-Routed: the pattern the handler was registered under
//   GET  /crash/sync/:n           throws hooks.thrown() from the handler
//   GET  /crash/async/:n          rejects with it after a turn
//   GET  /crash/before/:n         a middleware ahead of the routes throws it (Fastify: a preHandler hook)
//   GET  /crash/after-headers/:n  throws it after the head and 'part one' went out (Fastify and Hono cannot
//                                 write a head by hand: Fastify's handler has sent its whole reply, Hono
//                                 streams with stream() and reports from its onError as docs/web.md says)
//   GET  /crash/streaming/:n      a streamed body fails with it after its first chunk
//   POST /form/:n, /json/:n       the framework's own form / JSON parser reads the body, then it is thrown
//   GET  /steps/:id               awaits hooks.steps(id) and answers currentRequestId()
// With `ownErrors`, the app's own error handler takes every crash, as docs/web.md shows: it calls
// captureError() and answers 503 "our own page, quote <ref>" (or, once the head went out, ends the response).

import { pipeline } from 'node:stream/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import formbody from '@fastify/formbody';
import { serve, type ServerType } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import Koa from 'koa';
import { captureError, currentRequestId, setRoute } from '../src/index.js';
import { runningSite, type SiteFactory } from './behaviour.js';

export type Framework = 'node:http' | 'Express' | 'Fastify' | 'Hono' | 'Koa';
export const FRAMEWORKS: readonly Framework[] = ['node:http', 'Express', 'Fastify', 'Hono', 'Koa'];

export type Where = 'sync' | 'async' | 'before' | 'after-headers' | 'streaming';
export const WHERES: readonly Where[] = ['sync', 'async', 'before', 'after-headers', 'streaming'];

export interface SiteHooks {
  /** The value a /crash, /form or /json route throws: made fresh each time, as application code would. */
  thrown(): unknown;
  /** What /steps/:id does before it answers. */
  steps(id: string): Promise<void>;
  /** The app's own error handler answers crashes (see above). */
  ownErrors?: boolean;
}

/** The patterns the X-Status routes are registered under, in every framework's syntax. */
export const STATUS_ROUTES = ['/users/:id', '/shop/:category/items/:item'] as const;

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A body that sends 'part one', then fails with the thrown value. */
function failingBody(hooks: SiteHooks): Readable {
  const body = new Readable({ read() {} });
  body.push('part one\n');
  setTimeout(() => body.destroy(hooks.thrown() as Error), 5);
  return body;
}

function statusOf(header: string | string[] | undefined): number {
  return header === undefined ? 200 : Number(header);
}

/** Statuses whose answer has no body, and HEAD, whose answer never has one. */
function bodiless(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 205 || status === 304;
}

const OWN_PAGE = 'our own page, quote ';

/** node:http's own error handling: a try/catch around the routes. */
function ownNodeAnswer(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const { ref } = captureError(req, error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 503;
  res.end(OWN_PAGE + ref);
}

function nodeSite(hooks: SiteHooks): SiteFactory {
  async function routes(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split(/[?#]/)[0]!;
    const parts = path.split('/');
    const status = parts[1] === 'users' && parts.length === 3 && parts[2] !== '';
    const shop = parts[1] === 'shop' && parts.length === 5 && parts[3] === 'items' && parts[2] !== '';
    if ((status || shop) && (!shop || parts[4] !== '')) {
      const pattern = status ? STATUS_ROUTES[0] : STATUS_ROUTES[1];
      setRoute(req, pattern);
      res.statusCode = statusOf(req.headers['x-status']);
      res.setHeader('x-routed', pattern);
      res.end(bodiless(req.method!, res.statusCode) ? undefined : 'ok');
      return;
    }
    const crash = /^\/crash\/([a-z-]+)\/[^/]+$/.exec(path);
    if (crash !== null) {
      const where = crash[1] as Where;
      if (where !== 'before') setRoute(req, `/crash/${where}/:n`);
      if (where === 'async') await turn();
      if (where === 'after-headers') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('part one\n');
        await turn();
      }
      if (where === 'streaming') {
        res.setHeader('content-type', 'text/plain');
        await pipeline(failingBody(hooks), res);
      }
      throw hooks.thrown();
    }
    const body = /^\/(form|json)\/[^/]+$/.exec(path);
    if (body !== null) {
      setRoute(req, `/${body[1]}/:n`);
      let text = '';
      for await (const chunk of req) text += String(chunk);
      void (body[1] === 'json' ? JSON.parse(text) : new URLSearchParams(text));
      throw hooks.thrown();
    }
    const steps = /^\/steps\/([^/]+)$/.exec(path);
    if (steps !== null) {
      setRoute(req, '/steps/:id');
      await hooks.steps(steps[1]!);
      res.end(currentRequestId());
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  }
  return async (logbook) => {
    const { createServer } = await import('node:http');
    const server = createServer(
      logbook.node(async (req, res) => {
        try {
          await routes(req, res);
        } catch (error) {
          if (hooks.ownErrors !== true) throw error;
          ownNodeAnswer(req, res, error);
        }
      }),
    );
    server.listen(0, '127.0.0.1');
    return runningSite(server, logbook);
  };
}

function expressSite(hooks: SiteHooks): SiteFactory {
  return async (logbook) => {
    const app = express();
    app.use(logbook.express());
    app.use(express.json());
    app.use(express.urlencoded({ extended: true }));
    app.use((req, _res, next) => {
      if (req.path.startsWith('/crash/before/')) throw hooks.thrown();
      next();
    });
    for (const pattern of STATUS_ROUTES) {
      app.all(pattern, (req, res) => {
        res.status(statusOf(req.headers['x-status'])).set('x-routed', pattern);
        if (bodiless(req.method, res.statusCode)) res.end();
        else res.send('ok');
      });
    }
    app.get('/crash/sync/:n', () => {
      throw hooks.thrown();
    });
    app.get('/crash/async/:n', async () => {
      await turn();
      throw hooks.thrown();
    });
    app.get('/crash/after-headers/:n', async (_req, res) => {
      res.type('text/plain');
      res.write('part one\n');
      await turn();
      throw hooks.thrown();
    });
    app.get('/crash/streaming/:n', async (_req, res) => {
      res.type('text/plain');
      await pipeline(failingBody(hooks), res);
    });
    for (const kind of ['form', 'json']) {
      app.post(`/${kind}/:n`, (req) => {
        void (req.body as unknown);
        throw hooks.thrown();
      });
    }
    app.get('/steps/:id', async (req, res) => {
      await hooks.steps(req.params.id);
      res.send(currentRequestId());
    });
    if (hooks.ownErrors === true) {
      app.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
        const { ref } = captureError(req, error);
        if (res.headersSent) {
          next(error);
          return;
        }
        res.status(503).send(OWN_PAGE + ref);
      });
    }
    app.use(logbook.expressErrors());
    return runningSite(app.listen(0, '127.0.0.1'), logbook);
  };
}

function fastifySite(hooks: SiteHooks): SiteFactory {
  return async (logbook) => {
    const app = Fastify({ genReqId: logbook.requestIdFor });
    await app.register(logbook.fastify);
    await app.register(formbody);
    app.addHook('preHandler', async (request) => {
      if (request.url.startsWith('/crash/before/')) throw hooks.thrown();
    });
    for (const pattern of STATUS_ROUTES) {
      app.all(pattern, async (request, reply) => {
        const status = statusOf(request.headers['x-status']);
        reply.code(status).header('x-routed', pattern);
        return reply.send(bodiless(request.method, status) ? undefined : 'ok');
      });
    }
    app.get('/crash/sync/:n', () => {
      throw hooks.thrown();
    });
    app.get('/crash/before/:n', async () => 'never');
    app.get('/crash/async/:n', async () => {
      await turn();
      throw hooks.thrown();
    });
    app.get('/crash/after-headers/:n', async (_request, reply) => {
      await reply.type('text/plain').send('part one\n');
      await turn();
      throw hooks.thrown();
    });
    app.get('/crash/streaming/:n', async (_request, reply) =>
      reply.type('text/plain').send(failingBody(hooks)),
    );
    for (const kind of ['form', 'json']) {
      app.post(`/${kind}/:n`, async (request) => {
        void request.body;
        throw hooks.thrown();
      });
    }
    app.get<{ Params: { id: string } }>('/steps/:id', async (request) => {
      await hooks.steps(request.params.id);
      return currentRequestId();
    });
    if (hooks.ownErrors === true) {
      app.setErrorHandler((error, request, reply) => {
        const { ref } = captureError(request, error);
        return reply.code(503).send(OWN_PAGE + ref);
      });
    }
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  };
}

function honoSite(hooks: SiteHooks): SiteFactory {
  return async (logbook) => {
    const app = new Hono();
    app.use(logbook.hono());
    app.use(async (c, next) => {
      if (c.req.path.startsWith('/crash/before/')) throw hooks.thrown();
      await next();
    });
    if (hooks.ownErrors === true) {
      app.onError((error, c) => {
        const { ref } = captureError(c, error);
        return c.text(OWN_PAGE + ref, 503);
      });
    } else {
      app.onError(logbook.honoErrors());
    }
    for (const pattern of STATUS_ROUTES) {
      app.all(pattern, (c) => {
        const status = statusOf(c.req.header('x-status'));
        c.header('x-routed', pattern);
        // Hono's types tie a body to its status; the status here is whatever the test sent.
        return bodiless(c.req.method, status) ? c.body(null, status as 204) : c.body('ok', status as 200);
      });
    }
    app.get('/crash/sync/:n', () => {
      throw hooks.thrown();
    });
    app.get('/crash/async/:n', async () => {
      await turn();
      throw hooks.thrown();
    });
    app.get('/crash/after-headers/:n', (c) =>
      stream(
        c,
        async (s) => {
          await s.write('part one\n');
          await turn();
          throw hooks.thrown();
        },
        async (error) => {
          captureError(c, error);
        },
      ),
    );
    app.get('/crash/streaming/:n', (c) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('part one\n'));
          setTimeout(() => controller.error(hooks.thrown()), 5);
        },
      });
      return c.body(body, 200, { 'content-type': 'text/plain' });
    });
    app.post('/form/:n', async (c) => {
      await c.req.parseBody();
      throw hooks.thrown();
    });
    app.post('/json/:n', async (c) => {
      await c.req.json();
      throw hooks.thrown();
    });
    app.get('/steps/:id', async (c: Context) => {
      await hooks.steps(c.req.param('id')!);
      return c.text(currentRequestId() ?? '');
    });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    return runningSite(server as Server, logbook);
  };
}

function koaSite(hooks: SiteHooks): SiteFactory {
  return async (logbook) => {
    const app = new Koa();
    app.silent = true;
    app.use(logbook.koa());
    if (hooks.ownErrors === true) {
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          const { ref } = captureError(ctx, error);
          if (ctx.headerSent) {
            ctx.res.destroy();
            return;
          }
          ctx.status = 503;
          ctx.body = OWN_PAGE + ref;
        }
      });
    }
    app.use(bodyParser({ enableTypes: ['json', 'form'] }));
    app.use(async (ctx, next) => {
      if (ctx.path.startsWith('/crash/before/')) throw hooks.thrown();
      await next();
    });
    const router = new Router();
    for (const pattern of STATUS_ROUTES) {
      router.all(pattern, (ctx) => {
        ctx.status = statusOf(ctx.get('x-status') || undefined);
        ctx.set('x-routed', pattern);
        if (!bodiless(ctx.method, ctx.status)) ctx.body = 'ok';
      });
    }
    router.get('/crash/sync/:n', () => {
      throw hooks.thrown();
    });
    router.get('/crash/async/:n', async () => {
      await turn();
      throw hooks.thrown();
    });
    router.get('/crash/after-headers/:n', async (ctx) => {
      ctx.res.writeHead(200, { 'content-type': 'text/plain' });
      ctx.res.write('part one\n');
      await turn();
      throw hooks.thrown();
    });
    router.get('/crash/streaming/:n', (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = failingBody(hooks);
    });
    for (const kind of ['form', 'json']) {
      router.post(`/${kind}/:n`, (ctx) => {
        void (ctx.request as { body?: unknown }).body;
        throw hooks.thrown();
      });
    }
    router.get('/steps/:id', async (ctx) => {
      await hooks.steps(ctx.params.id!);
      ctx.body = currentRequestId();
    });
    app.use(router.routes());
    return runningSite(app.listen(0, '127.0.0.1'), logbook);
  };
}

/** The site in `framework`, as a factory for JsonlSite.serve(). */
export function frameworkSite(framework: Framework, hooks: SiteHooks): SiteFactory {
  switch (framework) {
    case 'node:http':
      return nodeSite(hooks);
    case 'Express':
      return expressSite(hooks);
    case 'Fastify':
      return fastifySite(hooks);
    case 'Hono':
      return honoSite(hooks);
    case 'Koa':
      return koaSite(hooks);
  }
}
