import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { action, currentRequestId, requireAuth, setRoute, setUser, type WebLogbook } from '../src/index.js';
import { behaviourSuite, log, runningSite, type RunningSite } from './behaviour.js';

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function site(logbook: WebLogbook): Promise<RunningSite> {
  const server = createServer(
    logbook.node(async (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const ctx = /^\/ctx\/(\d+)$/.exec(path);
      if (ctx !== null) {
        const n = Number(ctx[1]);
        setRoute(req, '/ctx/:n');
        log.info('step {n}', { n });
        await new Promise((resolve) => setTimeout(resolve, n % 7));
        log.info('step {n}', { n });
        send(res, 200, JSON.stringify({ id: currentRequestId() }), 'application/json');
        return;
      }
      if (path === '/hello') {
        log.debug('saying hello');
        log.info('said hello');
        send(res, 200, 'hello');
        return;
      }
      if (path === '/private') {
        requireAuth();
        send(res, req.headers['x-user'] === undefined ? 401 : 200, 'private');
        return;
      }
      if (path === '/login' && req.method === 'POST') {
        const body = await readJson(req);
        setUser(req, { id: String(body.user), name: 'Alice', email: 'alice@example.org' });
        action('user.login');
        send(res, 200, 'welcome');
        log.info('after login');
        return;
      }
      if (path === '/login-failed') {
        action('user.login_failed');
        send(res, 401, 'no');
        return;
      }
      if (path === '/crash') {
        await readJson(req);
        log.debug('about to crash');
        throw new Error('db exploded in /srv/app/db.js');
      }
      if (path === '/crash-async') {
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw new TypeError('async boom');
      }
      send(res, 404, 'not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return runningSite(server, logbook);
}

behaviourSuite('node:http', site);
