import { createServer, request as httpRequest } from 'node:http';
import { JsonFormatter, Level, TestHandler, type LogRecord } from 'logbook';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { createWebLogbook, requireAuth, type WebLogbook } from '../src/index.js';
import { runningSite, type RunningSite } from './behaviour.js';

let handler: TestHandler | undefined;
let logbook: WebLogbook | undefined;
let site: RunningSite | undefined;

afterEach(async () => {
  await site?.close();
  logbook?.close();
  handler?.popApplication();
});

function get(url: string, path: string, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

describe('access record lines', () => {
  it('are written by the access shape exactly as the general serialiser writes them', async () => {
    handler = new TestHandler({ level: Level.DEBUG }).pushApplication();
    logbook = createWebLogbook({ app: { name: 'shop', version: '1.0.0', env: 'test' } });
    const server = createServer(
      logbook.node((req, res) => {
        if (req.url?.startsWith('/private') === true) {
          requireAuth(req);
          res.statusCode = 401;
        } else if (req.url?.startsWith('/missing') === true) res.statusCode = 404;
        else if (req.url?.startsWith('/stream') === true) {
          res.write('chunk ');
          res.end('no length');
          return;
        }
        res.setHeader('content-type', 'text/plain');
        res.end('hello');
      }),
    );
    server.listen(0, '127.0.0.1');
    site = await runningSite(server, logbook);
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
    await get(site.url, '/hello');
    await get(site.url, '/hello?q=shoes&token=secret', { 'user-agent': ua, referer: 'https://example.org/' });
    await get(site.url, '/private', { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
    await get(site.url, '/missing/wp-login.php', { 'x-request-id': 'abc-123' });
    await get(site.url, '/caf%C3%A9/%22quoted%22');
    await get(site.url, '/stream', { 'user-agent': 'curl/8.5.0' });
    await get(site.url, '/hello', { 'user-agent': 'agent with "quotes" and \\ backslash' });
    const written = handler;
    await waitUntil('7 access records', () => written.records.filter(isAccess).length >= 7, {
      seen: () => written.records.map((r) => r.message).join('\n'),
    });

    const access = handler.records.filter(isAccess);
    expect(access).toHaveLength(7);
    // The shape writers take the ordinary requests (not only decline them); the quoted agent is declined.
    const taken = access.filter((r) => r.jsonWriter?.(r.context!.request as object, 'request') !== undefined);
    expect(taken.length).toBe(6);
    const formatter = new JsonFormatter({ host: 'web-1' });
    for (const record of access) {
      expect(record.jsonWriter).toBeDefined();
      const fast = formatter.format(record);
      const bytes = formatter.formatUtf8Bytes(record);
      record.jsonWriter = undefined;
      expect(fast).toBe(formatter.format(record));
      expect(bytes).toBe(formatter.formatUtf8Bytes(record));
    }
  });
});

function isAccess(record: LogRecord): boolean {
  return record.event === 'http.request';
}
