// A record logged while a request is handled carries the request's route pattern from the moment it is known
// (Express's router matched, setRoute() was called), also when the request logged something before that: an
// authentication middleware's line ahead of the router must not leave the handler's lines without their route.

import { createServer } from 'node:http';
import express from 'express';
import { Logger } from 'logbook';
import { afterEach, describe, expect, it } from 'vitest';
import { setRoute } from '../src/index.js';
import { runningSite } from './behaviour.js';
import { JsonlSite } from './jsonl-site.js';

const log = new Logger('shop');

let site: JsonlSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** The `request.route` of each record the app logged, by message. */
async function routesLogged(path: string): Promise<Record<string, string | undefined>> {
  await (await fetch(site!.url + path)).text();
  await site!.accessRecords(1);
  const routes: Record<string, string | undefined> = {};
  for (const record of site!.records()) {
    if (record.channel === 'shop') routes[record.message] = record.request?.route;
  }
  return routes;
}

describe('records logged in a request carry its route once it is known', () => {
  it('with Express, after a middleware logged before the router matched', async () => {
    site = await JsonlSite.serve({}, (logbook) => {
      const app = express();
      app.use(logbook.express());
      app.use((_req, _res, next) => {
        log.info('session checked');
        next();
      });
      app.get('/carts/:id', (_req, res) => {
        log.info('cart loaded');
        res.send('ok');
      });
      return runningSite(createServer(app).listen(0, '127.0.0.1'), logbook);
    });
    expect(await routesLogged('/carts/7')).toEqual({
      'session checked': undefined,
      'cart loaded': '/carts/:id',
    });
  });

  it('with node:http and setRoute(), after a line logged before it', async () => {
    site = await JsonlSite.start({}, (req, res) => {
      log.info('request read');
      setRoute(req, '/carts/:id');
      log.info('cart loaded');
      setRoute(req, '/carts/:id/items');
      log.info('items listed');
      res.end('ok');
    });
    expect(await routesLogged('/carts/7/items')).toEqual({
      'request read': undefined,
      'cart loaded': '/carts/:id',
      'items listed': '/carts/:id/items',
    });
  });
});
