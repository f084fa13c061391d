// A client's verdict (here a fake Googlebot, judged on its first request) is logged once as a WARNING, not on every
// request that confirms it — while the client is remembered. Clients are remembered up to maxTrackedClients; a
// client forgotten and back is judged and logged anew. And a log kept at WARNING gets the verdicts too.

import { createServer } from 'node:http';
import { Level, TestHandler } from 'logbook';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebLogbook, type WebLogbook } from '../src/index.js';
import { runningSite, type RunningSite } from './behaviour.js';
import { JsonlSite } from './jsonl-site.js';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Headers of a fake Googlebot at `ip` (not one of Google's), behind the trusted loopback proxy. */
function fakeCrawler(ip: string): Record<string, string> {
  return { 'user-agent': GOOGLEBOT, 'x-forwarded-for': ip };
}

let site: JsonlSite | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await site?.close();
  site = undefined;
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('client verdicts are logged once while the client is remembered', () => {
  it('logs a client again only after maxTrackedClients others made it forget', async () => {
    site = await JsonlSite.start({ trustProxy: ['127.0.0.1'], maxTrackedClients: 2 }, (_req, res) => {
      res.end('ok');
    });
    const a = '198.51.100.1';
    const b = '198.51.100.2';
    const c = '198.51.100.3';
    const order = [a, b, c, a, c];
    for (const [i, ip] of order.entries()) {
      await (await fetch(site.url + '/hello', { headers: fakeCrawler(ip) })).text();
      // One at a time: each request's verdict is weighed before the next comes.
      await site.accessRecords(i + 1);
    }
    const logged = site
      .records()
      .filter((r) => r.event === 'client.verdict')
      .map((r) => r.fields?.ip);
    // a, b, c: each new. a again: forgotten when c came (two remembered), so new again. c again: still
    // remembered with a, so not logged a second time.
    expect(logged).toEqual([a, b, c, a]);
  });

  it('writes the verdict to a log kept at WARNING, with the trail kept from WARNING too', async () => {
    const handler = new TestHandler({ level: Level.WARNING }).pushApplication();
    const logbook: WebLogbook = createWebLogbook({ trustProxy: ['127.0.0.1'], trailLevel: 'warning' });
    const running: RunningSite = await runningSite(
      createServer(logbook.node((_req, res) => res.end('ok'))).listen(0, '127.0.0.1'),
      logbook,
    );
    cleanups.push(
      () => handler.popApplication(),
      () => logbook.close(),
      () => running.close(),
    );
    await (await fetch(running.url + '/hello', { headers: fakeCrawler('198.51.100.9') })).text();
    const until = Date.now() + 10_000;
    while (!handler.records.some((r) => r.event === 'client.verdict')) {
      if (Date.now() > until) throw new Error('no client.verdict record within 10 s of the response');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const verdict = handler.records.find((r) => r.event === 'client.verdict')!;
    expect(verdict.level).toBe(Level.WARNING);
    expect(verdict.message).toBe(
      'Client Googlebot from 198.51.100.9 judged fake-crawler on its first request: fake-crawler ×1',
    );
  });
});
