import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';

// logbook.express() watches Express setting `req.route` to learn the route pattern. The app's own code (a metrics
// middleware, a handler, an error handler) must read `req.route` as it would without it: the route Express matched.
describe('Express: req.route in the app', () => {
  const h = new Harness(async (logbook) => {
    const app = express();
    app.use(logbook.express());
    app.get('/items/:id', (req, res) => {
      // A plain property, as Express sets it: listed among the request's own keys.
      res.json({ route: (req.route as { path: string }).path, listed: Object.keys(req).includes('route') });
    });
    // A sub-app with the middleware of its own, mounted in the app (the request passes the middleware twice).
    const shop = express();
    shop.use(logbook.express());
    shop.get('/carts/:cart', (req, res) => {
      res.json({ route: (req.route as { path: string }).path });
    });
    app.use('/shop', shop);
    app.get(/^\/legacy\/\d+$/, (req, res) => {
      res.json({ isRegExp: (req.route as { path: unknown }).path instanceof RegExp });
    });
    app.get(/^\/files\/.+$/i, (_req, res) => {
      res.json({});
    });
    app.get(['/old/:id', /^\/older$/], (_req, res) => {
      res.json({});
    });
    const api = express.Router();
    api.get(/^\/v\d+$/, (_req, res) => {
      res.json({});
    });
    app.use('/api', api);
    app.get('/broken/:id', () => {
      throw new Error('broken page');
    });
    app.use((req: express.Request, res: express.Response) => {
      res.status(404).json({ route: req.route === undefined ? 'none' : 'some' });
    });
    app.use((_error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ route: (req.route as { path: string } | undefined)?.path ?? 'none' });
    });
    return runningSite(app.listen(0, '127.0.0.1'), logbook);
  });
  beforeEach(() => h.start());
  afterEach(() => h.stop());

  async function answer(path: string, id: string): Promise<unknown> {
    const response = await h.fetch(path, { headers: { 'x-request-id': id } });
    return response.json();
  }

  it('is the route Express matched, in the handler and in an error handler', async () => {
    expect(await answer('/items/7', 'rr-1')).toEqual({ route: '/items/:id', listed: true });
    expect((await h.access('rr-1')).request?.route).toBe('/items/:id');
    expect(await answer('/broken/7', 'rr-2')).toEqual({ route: '/broken/:id' });
    expect((await h.access('rr-2')).request?.route).toBe('/broken/:id');
  });

  it('is read in a sub-app that has the middleware too', async () => {
    expect(await answer('/shop/carts/5', 'rr-5')).toEqual({ route: '/carts/:cart' });
    expect((await h.access('rr-5')).request?.route).toBe('/shop/carts/:cart');
  });

  it('is none where no route matched', async () => {
    expect(await answer('/nowhere', 'rr-3')).toEqual({ route: 'none' });
    expect((await h.access('rr-3')).request?.route).toBeUndefined();
  });

  it('keeps a regular expression route as Express gave it, and the record names it by its literal', async () => {
    expect(await answer('/legacy/12', 'rr-4')).toEqual({ isRegExp: true });
    expect((await h.access('rr-4')).request?.route).toBe('/^\\/legacy\\/\\d+$/');
    // With its flags, after the mount path of the router it is in.
    await answer('/FILES/a.txt', 'rr-6');
    expect((await h.access('rr-6')).request?.route).toBe('/^\\/files\\/.+$/i');
    await answer('/api/v2', 'rr-7');
    expect((await h.access('rr-7')).request?.route).toBe('/api/^\\/v\\d+$/');
  });

  it('names a route of several paths by all of them, since Express does not say which one matched', async () => {
    await answer('/old/3', 'rr-8');
    await answer('/older', 'rr-9');
    for (const id of ['rr-8', 'rr-9'])
      expect((await h.access(id)).request?.route).toBe('/old/:id, /^\\/older$/');
  });
});
