// The log as a site owner reads it in development: the console formatter's lines (what `setup()` shows on the
// terminal), one per record. Each story — start-up, a page view, a login and a failed one, a crawler on a page for
// signed-in users, a WordPress probe and the verdict on it, a crash — must be readable from its own line: who
// (browser and system, or the crawler's name, and the address), what, how it ended, and the reference of a crash.
// The console shows a record's message and fields, not its `client` or `request`, so the words must be there.

import express from 'express';
import { ConsoleFormatter, Level, TestHandler } from 'logbook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../test/support/wait-until.js';
import { action, createWebLogbook, requireAuth, setUser, type WebLogbook } from '../src/index.js';
import { runningSite, type RunningSite } from './behaviour.js';

const SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const OLD_FIREFOX = 'Mozilla/5.0 (Windows NT 6.1; rv:2.0) Gecko/20100101 Firefox/4.0';

let handler: TestHandler;
let logbook: WebLogbook;
let site: RunningSite;

beforeAll(async () => {
  handler = new TestHandler({ level: Level.INFO, formatter: new ConsoleFormatter({ color: false }) });
  handler.pushApplication();
  logbook = createWebLogbook({
    app: { name: 'shop', version: '1.4.0', env: 'test' },
    trustProxy: ['loopback'],
  });
  const app = express();
  app.use(logbook.express());
  app.use(express.json());
  app.get('/', (_req, res) => res.send('home'));
  app.post('/login', (req, res) => {
    if ((req.body as { password?: string }).password !== 'right') {
      action('user.login_failed');
      res.status(401).send('wrong password');
      return;
    }
    setUser(req, { id: 'ann' });
    action('user.login');
    res.send('welcome');
  });
  app.get('/lectures/1', (req, res) => {
    requireAuth(req);
    res.status(401).send('log in first');
  });
  app.get('/receipt', () => {
    throw new TypeError("Cannot read properties of undefined (reading 'name')");
  });
  app.use(logbook.expressErrors());
  site = await runningSite(app.listen(0, '127.0.0.1'), logbook);
});

afterAll(async () => {
  await site.close();
  logbook.close();
  handler.popApplication();
});

/** A request from `ip` (behind the trusted proxy on loopback) with the user agent `ua`; resolves with its body. */
async function visit(path: string, ua: string, ip: string, init: RequestInit = {}): Promise<string> {
  const headers = { 'user-agent': ua, 'x-forwarded-for': ip, 'content-type': 'application/json' };
  return (await fetch(site.url + path, { ...init, headers })).text();
}

/** The console line that matches `pattern`, waiting for it (access lines come when the response closes). */
function line(pattern: RegExp): Promise<string> {
  return waitUntil(
    `a console line matching ${String(pattern)}`,
    () => handler.formatted.find((l) => pattern.test(l)),
    { seen: () => handler.formatted.join('\n') },
  );
}

const CLOCK = String.raw`\d\d:\d\d:\d\d\.\d{3}`;
const MS = String.raw`[\d.]+ ms`;

describe('console lines of a small site', () => {
  it('say who made a request that needs a look, what it was and how it ended', async () => {
    await visit('/nowhere', SAFARI, '198.51.100.14');
    expect(await line(/GET \/nowhere /)).toMatch(
      new RegExp(
        `^${CLOCK} NOTICE  http: GET /nowhere → 404 in ${MS} for Safari 26 on macOS from 198\\.51\\.100\\.14: not found`,
      ),
    );
    // A plain 2xx line, most of a log, stays short: its client is in the record.
    await visit('/', SAFARI, '198.51.100.14');
    expect(await line(/GET \/ /)).toMatch(
      new RegExp(`^${CLOCK} INFO {4}http: GET / → 200 in ${MS} \\[http\\.request\\]$`),
    );
  });

  it('say which user did what, with browser, system, address and time', async () => {
    await visit('/login', CHROME, '198.51.100.20', { method: 'POST', body: '{"password":"right"}' });
    expect(await line(/logged in/)).toMatch(
      new RegExp(
        `^${CLOCK} NOTICE  app: User u-[0-9a-f]{16} logged in with Chrome 141 on Windows 10 from 198\\.51\\.100\\.20 \\[user\\.login\\]`,
      ),
    );
  });

  it('tell a failed login from a page that needs one', async () => {
    await visit('/login', CHROME, '198.51.100.21', { method: 'POST', body: '{"password":"wrong"}' });
    expect(await line(/Failed login/)).toMatch(
      new RegExp(
        `^${CLOCK} WARNING app: Failed login with Chrome 141 on Windows 10 from 198\\.51\\.100\\.21 \\[user\\.login_failed\\]`,
      ),
    );
    expect(await line(/POST \/login → 401/)).toMatch(
      new RegExp(
        `^${CLOCK} NOTICE  http: POST /login → 401 in ${MS} for Chrome 141 on Windows 10 from 198\\.51\\.100\\.21: login failed `,
      ),
    );
  });

  it('name the crawler on a page for signed-in users', async () => {
    await visit('/lectures/1', GOOGLEBOT, '66.249.66.1');
    expect(await line(/GET \/lectures\/1/)).toMatch(
      new RegExp(
        `^${CLOCK} NOTICE  http: GET /lectures/1 → 401 in ${MS} for Googlebot from 66\\.249\\.66\\.1: crawler on auth-only page \\(Googlebot\\) `,
      ),
    );
  });

  it('say who probes for WordPress, and who was judged for it', async () => {
    for (let i = 0; i < 3; i++) await visit('/wp-login.php', OLD_FIREFOX, '203.0.113.10', { method: 'POST' });
    expect(await line(/POST \/wp-login\.php/)).toMatch(
      new RegExp(
        `^${CLOCK} NOTICE  http: POST /wp-login\\.php → 404 in ${MS} for Firefox 4 on Windows 7 from 203\\.0\\.113\\.10: wordpress probe `,
      ),
    );
    expect(await line(/judged/)).toMatch(
      new RegExp(
        `^${CLOCK} WARNING http: Client Firefox 4 on Windows 7 from 203\\.0\\.113\\.10 judged wordpress-scan after 3 requests: wordpress-probe ×3`,
      ),
    );
  });

  it('give the crash its reference on the request line, the one the visitor was shown', async () => {
    const page = await visit('/receipt', CHROME, '198.51.100.22');
    const ref = /E-[0-9A-Z]{6}/.exec(page)?.[0];
    expect(ref, page).toBeDefined();
    expect(await line(/GET \/receipt → 500/)).toMatch(
      new RegExp(
        `^${CLOCK} ERROR {3}http: GET /receipt → 500 in ${MS} for Chrome 141 on Windows 10 from 198\\.51\\.100\\.22: incident ${ref} `,
      ),
    );
    expect(await line(/Incident/)).toMatch(
      new RegExp(
        `^${CLOCK} ERROR {3}http: Incident ${ref} on GET /receipt: TypeError: Cannot read properties of undefined \\(reading 'name'\\) \\[incident\\]`,
      ),
    );
  });

  it('say what started, where', async () => {
    expect(await line(/Started/)).toMatch(
      new RegExp(
        `^${CLOCK} NOTICE  app: Started shop 1\\.4\\.0 \\(test\\) on ${site.url.replaceAll('.', '\\.')}, Node v[\\d.]+, pid \\d+ \\[app\\.start\\]`,
      ),
    );
  });
});
