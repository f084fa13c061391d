// The smallest Hono app observed with Logbook: one page, one action, one crash. Run from the repository
// root after `npm ci`: `node examples/hono-minimal/server.mjs` (PORT overrides 3002), then try
//   curl -s http://127.0.0.1:3002/            → access record
//   curl -s -XPOST http://127.0.0.1:3002/subscribe → newsletter.subscribe action
//   curl -s http://127.0.0.1:3002/boom        → 500 page with an incident reference
// and read them with `npx logbook report` (records go to ./logs/app.jsonl).

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { setup } from 'logbook';
import { action, createWebLogbook } from '@logbook/web';

const logging = setup({ app: { name: 'hono-minimal', version: '0.1.0' } });
const logbook = createWebLogbook({ app: { name: 'hono-minimal', version: '0.1.0' } });

const app = new Hono();
app.use(logbook.hono());
app.onError(logbook.honoErrors());
app.get('/', (c) => c.text('Hello from Hono, observed by Logbook.\n'));
app.post('/subscribe', (c) => {
  action('newsletter.subscribe');
  return c.text('Subscribed.\n');
});
app.get('/boom', () => {
  throw new Error('The demo crash of the Hono example');
});

const port = Number(process.env.PORT ?? 3002);
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  logbook.started(server);
  process.stdout.write(`Hono example on http://127.0.0.1:${info.port} — Ctrl-C stops it.\n`);
});

const stop = () => {
  server.close(async () => {
    logbook.stopped();
    logbook.close(); // pushed after the setup, so taken off the stack before it
    await logging.close();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
