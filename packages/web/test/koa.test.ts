import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import Koa from 'koa';
import { action, currentRequestId, requireAuth, setRoute, setUser, type WebLogbook } from '../src/index.js';
import { behaviourSuite, log, runningSite, type RunningSite } from './behaviour.js';

async function readText(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const app = new Koa();
  app.silent = true;
  app.use(logbook.koa());
  // A tiny router: Koa has none built in (koa-router would set ctx._matchedRoute itself).
  app.use(async (ctx) => {
    const ctxMatch = /^\/ctx\/(\d+)$/.exec(ctx.path);
    if (ctxMatch !== null) {
      setRoute(ctx, '/ctx/:n');
      const n = Number(ctxMatch[1]);
      log.info('step {n}', { n });
      await new Promise((resolve) => setTimeout(resolve, n % 7));
      log.info('step {n}', { n });
      ctx.body = { id: currentRequestId() };
    } else if (ctx.path === '/hello') {
      log.debug('saying hello');
      log.info('said hello');
      ctx.body = 'hello';
    } else if (ctx.path === '/private') {
      requireAuth(ctx);
      ctx.status = ctx.get('x-user') === '' ? 401 : 200;
      ctx.body = 'private';
    } else if (ctx.path === '/login' && ctx.method === 'POST') {
      const body = await readJson(ctx.req);
      setUser(ctx, { id: String(body.user), name: 'Alice', email: 'alice@example.org' });
      action('user.login');
      ctx.body = 'welcome';
      log.info('after login');
    } else if (ctx.path === '/login-failed') {
      action('user.login_failed');
      ctx.status = 401;
      ctx.body = 'no';
    } else if (ctx.path === '/crash') {
      await readJson(ctx.req);
      log.debug('about to crash');
      throw new Error('db exploded in /srv/app/db.js');
    } else if (ctx.path === '/thrown-401') {
      ctx.throw(401, 'login first', { headers: { 'WWW-Authenticate': 'Basic realm="shop"' } });
    } else if (ctx.path === '/crash-too') {
      setRoute(ctx, '/crash-too');
      throw new Error('another bug');
    } else if (ctx.path === '/stream-crash') {
      const body = new Readable({ read() {} });
      body.push('part one\n');
      setTimeout(() => body.destroy(new Error('late failure')), 20);
      ctx.type = 'text/plain';
      ctx.body = body;
    } else if (ctx.path === '/upstream-reset') {
      await readText(ctx.req);
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    } else if (ctx.path === '/upload') {
      ctx.body = `got ${(await readText(ctx.req)).length}`;
    } else if (ctx.path === '/json') {
      const text = await readText(ctx.req);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        ctx.throw(400, 'invalid JSON');
      }
      ctx.body = { got: value };
    } else if (ctx.path === '/crash-async') {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new TypeError('async boom');
    }
  });
  const server = app.listen(0, '127.0.0.1');
  return runningSite(server, logbook);
}

behaviourSuite('Koa', site);
