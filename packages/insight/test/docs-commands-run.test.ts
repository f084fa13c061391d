// Runs every `logbook …` command line of docs/insight.md's ```sh blocks, as a user would type it, in a folder
// holding what the commands name: logs/ (written by a small shop using the real @logbook/web: pages, a login,
// a crawler, WordPress probes, a curl client and a crash with its incident) and access.log (the first 2,000 lines
// of the shared real Apache log). Each command must exit 0 and print what the text next to it claims, in shape:
// the report's sections in the order the text lists them, every documented JSON key, the ticket state file, the
// redacted incident page, a replay that brings the crash back, and so on. `logbook serve` and `tail -f` run until
// they have answered or printed, then are stopped. Sample outputs are never compared; figures change with data.
//
// What the test supplies, as a reader would: `npx logbook` runs the workspace's `logbook` (npx outside a project
// would go to the registry); the example incident reference E-7F3K2Q and fingerprint 3f9a2c1e are replaced by the
// log's own, http://127.0.0.1:3000 by a second copy of the shop (so replay has a live target), and serve gets a
// free port.

import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE } from './helpers/records.js';

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '../../../docs/insight.md'), 'utf8');
const bin = join(here, '../../../node_modules/.bin');
// Inside the package, so that the shop's imports resolve to the workspace's built packages.
const scratch = join(here, '.docs-commands-run');

const EXAMPLE_REF = 'E-7F3K2Q';
const EXAMPLE_FINGERPRINT = '3f9a2c1e';
const EXAMPLE_TARGET = 'http://127.0.0.1:3000';

/** The command lines of the doc's ```sh blocks (comments kept: the shell drops them). */
function commandLines(): string[] {
  return [...doc.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    m[1]!.split('\n').filter((line) => /^(npx )?logbook /.test(line.trim())),
  );
}

// A shop as small as the docs' node:http example, with a login, a logged line, a crash, and proxies trusted on
// loopback so each simulated client keeps its own address.
const shop = `
import { createServer } from 'node:http';
import { Logger, setup } from 'logbook';
import { action, createWebLogbook, setUser } from '@logbook/web';

const logging = setup({ file: './logs/app.jsonl', console: false, app: { name: 'shop', version: '1.0.0' } });
const web = createWebLogbook({ app: { name: 'shop', version: '1.0.0' }, trustProxy: ['loopback'] });
const log = new Logger('shop');
const server = createServer(
  web.node(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') return void res.end('<a href="/products/12">Green tea</a>');
    if (path.startsWith('/products/')) {
      log.info('showing product {id}', { id: path.slice('/products/'.length) });
      return void res.end('Green tea');
    }
    if (path === '/login' && req.method === 'POST') {
      setUser(req, { id: 'ann', name: 'Ann' });
      action('user.login');
      res.writeHead(303, { location: '/' });
      return void res.end();
    }
    if (path === '/checkout' && req.method === 'POST') throw new Error('payment provider timed out');
    res.statusCode = 404;
    res.end('not found');
  }),
);
server.listen(0, '127.0.0.1', () => {
  web.started(server);
  process.stdout.write('http://127.0.0.1:' + server.address().port + '\\n');
});
process.on('SIGTERM', () =>
  server.close(() => {
    web.close();
    void logging.close().then(() => process.exit(0));
  }),
);
`;

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const SHOP_IPS = ['203.0.113.9', '66.249.66.1', '198.51.100.66', '192.0.2.44'];

const children: ChildProcess[] = [];
let work = '';
let target = '';
let incidentRef = '';
let fingerprint = '';

function startShop(folder: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [join(scratch, 'shop.mjs')], {
    cwd: folder,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  children.push(child);
  let printed = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const address = /http:\/\/127\.0\.0\.1:\d+/.exec(printed)?.[0];
      if (address !== undefined) resolve({ child, address });
    });
    child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the shop ended (${code}) before listening:\n${printed}`)));
  });
}

/** What a visitor, a crawler, a WordPress prober, a curl user and a customer whose checkout crashes send. */
async function browse(address: string): Promise<void> {
  const send = (path: string, ip: string, ua: string | undefined, init: RequestInit = {}) =>
    fetch(address + path, {
      redirect: 'manual',
      ...init,
      headers: { 'x-forwarded-for': ip, ...(ua === undefined ? {} : { 'user-agent': ua }), ...init.headers },
    }).then((r) => r.text());
  const [visitor, crawler, prober, tool] = SHOP_IPS as [string, string, string, string];
  await send('/', visitor, CHROME);
  await send('/products/12', visitor, CHROME, { headers: { referer: `${address}/` } });
  await send('/login', visitor, CHROME, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'user=ann&password=hunter2',
  });
  await send('/checkout', visitor, CHROME, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ product: 12, password: 'hunter2' }),
  });
  await send('/', crawler, GOOGLEBOT);
  await send('/products/12', crawler, GOOGLEBOT);
  for (const path of ['/wp-login.php', '/wp-admin/', '/xmlrpc.php']) await send(path, prober, CHROME);
  await send('/.env', tool, 'curl/8.5.0');
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How long a command may run before it is taken to hang. */
const COMMAND_KILL_MS = 60_000;

/**
 * Runs a command line through the shell in the work folder, as typed (after the substitutions above). `watch`
 * sees everything printed so far and may stop the command as Ctrl-C would (SIGINT to its process group).
 */
function sh(line: string, watch?: (out: string, stop: () => void) => void): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], {
      cwd: work,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        NO_COLOR: '1',
        FORCE_COLOR: undefined,
      },
      detached: true, // its own process group, so a stop reaches logbook and not only sh
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    const stop = () => process.kill(-child.pid!, 'SIGINT');
    child.stdout.on(
      'data',
      (chunk: Buffer) => ((stdout += chunk.toString()), watch?.(stdout + stderr, stop)),
    );
    child.stderr.on(
      'data',
      (chunk: Buffer) => ((stderr += chunk.toString()), watch?.(stdout + stderr, stop)),
    );
    // A safety net for a command that hangs, not a timing goal: generous, for a machine busy with the whole suite,
    // and below the test's own timeout so that the failure shows what the command printed.
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), COMMAND_KILL_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The section names the text lists after "Sections, in order:", without their explanations in parentheses. */
function reportSections(): string[] {
  let text = /Sections, in order: ([\s\S]*?)\.\n/.exec(doc)?.[1];
  if (text === undefined) throw new Error('docs/insight.md no longer lists the report sections in order');
  while (/\([^()]*\)/.test(text)) text = text.replace(/\([^()]*\)/g, '');
  return text.split(',').map((name) => name.replace(/\s+/g, ' ').trim());
}

/** The key paths of the "JSON keys" table: `span.from`, `timeline[]`, `users.by_browser[]` … */
function documentedJsonKeys(): string[] {
  const table = doc
    .split('### JSON keys')[1]
    ?.split('\n\n')
    .find((part) => part.startsWith('| key'));
  if (table === undefined) throw new Error('docs/insight.md has no JSON keys table');
  return table
    .split('\n')
    .slice(2)
    .flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

function valueAt(json: unknown, path: string): unknown {
  let value = json;
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    value = (value as Record<string, unknown> | undefined)?.[name];
    if (part.endsWith('[]') && !Array.isArray(value)) return undefined;
  }
  return value;
}

const headings = (out: string) => out.split('\n').filter((line) => /^\S/.test(line));

/** What each command line claims, by the command and its options; a line with none here fails the test. */
function checkFor(line: string): ((r: Result) => Promise<void> | void) | undefined {
  const words = line
    .replace(/\s+#.*$/, '')
    .trim()
    .split(/\s+/);
  const has = (flag: string) => words.includes(flag);
  const command = words[1];
  if (command === 'report' && has('--json'))
    return ({ stdout }) => {
      const report = JSON.parse(stdout) as Record<string, unknown>;
      expect(report.version).toBe(1);
      const keys = documentedJsonKeys();
      expect(keys.length).toBeGreaterThan(15);
      for (const key of keys) expect(valueAt(report, key), `documented key ${key}`).not.toBeUndefined();
      expect((report.totals as { requests: number }).requests).toBeGreaterThan(1_000);
    };
  if (command === 'report' && has('--html'))
    return () => {
      const html = readFileSync(join(work, words[words.indexOf('--html') + 1]!), 'utf8');
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html, 'a CSP that forbids loading anything').toMatch(
        /Content-Security-Policy[^>]*default-src 'none'/,
      );
      expect(html, 'no script').not.toMatch(/<script/i);
      expect(html, 'no external resource').not.toMatch(
        /(src|href)="https?:|<link[^>]+stylesheet|url\(\s*['"]?https?:/i,
      );
      // The timeline: a chart, or the sentence that stands for one when the shop's requests fit in one minute.
      expect(html).toMatch(
        /<svg role="img" aria-label="requests over time"|All requests fall in one minute: /,
      );
    };
  if (command === 'report')
    return ({ stdout }) => {
      const found = headings(stdout).map((h) => h.toLowerCase());
      let at = 0;
      for (const section of reportSections()) {
        const index = found.findIndex((h, i) => i >= at && h.startsWith(section.toLowerCase()));
        expect(
          index,
          `section "${section}" after the ones before it; headings: ${found.join(' | ')}`,
        ).toBeGreaterThan(-1);
        at = index + 1;
      }
      expect(stdout).toMatch(/Crawlers\s+\d+ hits? from \d+ clients?/);
    };
  if (command === 'serve')
    return async ({ stdout, stderr }) => {
      const address = /http:\/\/127\.0\.0\.1:\d+\/?/.exec(stdout + stderr)?.[0];
      expect(address, `serve prints its address; it printed:\n${stdout}${stderr}`).toBeDefined();
    };
  if (command === 'tickets' && words[2] === 'solve')
    return () => {
      const state = join(work, 'logs/.logbook/tickets.json');
      expect(existsSync(state), 'the state lives in <folder>/.logbook/tickets.json').toBe(true);
      expect(readFileSync(state, 'utf8')).toContain(fingerprint);
    };
  if (command === 'tickets' && has('--json'))
    return ({ stdout }) => {
      const tickets = JSON.parse(stdout) as { fingerprint: string; state: string; latest_incident: string }[];
      const ticket = tickets.find((t) => t.fingerprint === fingerprint);
      expect(ticket).toMatchObject({ state: 'solved', latest_incident: incidentRef });
    };
  if (command === 'tickets')
    return ({ stdout }) => {
      const [header, ...rows] = stdout.trim().split('\n');
      for (const column of [
        'state',
        'fingerprint',
        'error',
        'count',
        'users',
        'first seen',
        'last seen',
        'latest',
      ])
        expect(header, 'the columns the comment names').toContain(column);
      const row = rows.find((r) => r.includes(fingerprint));
      expect(row).toContain(incidentRef);
      expect(row).toContain('payment provider');
    };
  if (command === 'show')
    return ({ stdout }) => {
      expect(stdout).toContain(incidentRef);
      expect(stdout, 'the error').toContain('Error: payment provider timed out');
      expect(stdout, 'the request as received').toContain('POST /checkout');
      expect(stdout, 'its body, redacted').toMatch(/"password":"\[redacted\]"/);
      expect(stdout).not.toContain('hunter2');
      expect(stdout, "the client's session before it").toMatch(/GET \/products\/12 → 200/);
      expect(headings(stdout).map((h) => h.split(/\s/)[0])).toEqual(
        expect.arrayContaining(['Error', 'Request', 'User', 'Trail', 'Session']),
      );
    };
  if (command === 'replay' && has('--print'))
    return async () => {
      const script = readFileSync(join(work, words[words.indexOf('>') + 1]!), 'utf8');
      expect(script.startsWith('#!/bin/sh')).toBe(true);
      expect(script.match(/^curl /gm)?.length, 'one curl per request of the session, and the crash').toBe(4);
      expect(script, 'the redacted password as a placeholder').toContain('{{password}}');
      expect((await sh('sh -n replay.sh')).code, 'the script is valid shell').toBe(0);
    };
  if (command === 'replay')
    return ({ stdout }) => {
      expect(stdout.match(/^\s*\d\/4 (GET|POST) \S+ → \d{3}/gm)?.length, 'each step with its status').toBe(4);
      expect(stdout, 'it says the crash came back').toMatch(/reproduced/i);
      expect(stdout).not.toMatch(/not reproduced/i);
    };
  if (command === 'anonymise')
    return async () => {
      const [from, to] = [join(work, words[2]!), join(work, words[3]!)];
      // The log files only (the folder also holds the ticket state), each once (app.jsonl is a link to the day's).
      const text = (path: string): string =>
        statSync(path).isDirectory()
          ? readdirSync(path, { withFileTypes: true })
              .filter((e) => e.isFile() && e.name.includes('.jsonl'))
              .map((e) => readFileSync(join(path, e.name), 'utf8'))
              .join('')
          : readFileSync(path, 'utf8');
      const before = text(from);
      const after = text(to);
      expect(after.split('\n').length, 'every line copied').toBe(before.split('\n').length);
      // The clients' addresses: an access line's first field, a record's request.ip.
      const ips = new Set([
        ...[...before.matchAll(/"ip":"([^"]+)"/g)].map((m) => m[1]!),
        ...[...before.matchAll(/^(\d{1,3}(?:\.\d{1,3}){3}) /gm)].map((m) => m[1]!),
      ]);
      expect(ips.size).toBeGreaterThan(3);
      for (const ip of ips) {
        const alone = new RegExp(`(^|[^\\d.])${ip.replaceAll('.', '\\.')}($|[^\\d.])`);
        expect(alone.test(after), `${ip} is left in the copy`).toBe(false);
      }
      if (has('--ipv4-prefix')) {
        const first = (t: string) => t.split(' ', 1)[0]!;
        expect(first(after)).not.toBe(first(before));
        expect(first(after).split('.').slice(0, 3)).toEqual(first(before).split('.').slice(0, 3));
      }
    };
  if (command === 'condense')
    return ({ stdout }) => {
      const counts = [...stdout.matchAll(/^\s+(\d+) × /gm)].map((m) => Number(m[1]));
      expect(counts.length).toBeGreaterThan(3);
      expect(counts, 'most frequent first').toEqual([...counts].sort((a, b) => b - a));
      expect(stdout, 'ids folded').toContain('GET /products/:n');
      expect(stdout, 'records logged during a request count under its scenario, without a status').toMatch(
        /^\s+\d+ × GET \/products\/:n \[human\]/m,
      );
      expect(stdout, 'other records by level, channel and template').toMatch(
        /^\s+\d+ × NOTICE app Started \{app\}/m,
      );
    };
  if (command === 'tail' && (has('-f') || has('--follow')))
    return ({ stdout }) => {
      expect(stdout, 'the 404 appended while following').toContain('GET /appended-while-following');
      expect(stdout, 'filtered: no 200').not.toMatch(/ 200 /);
    };
  if (command === 'tail')
    return ({ stdout }) => {
      const n = Number(words[words.indexOf('-n') + 1]);
      const lines = stdout.trim().split('\n');
      const last = readFileSync(join(work, 'access.log'), 'utf8').trim().split('\n').at(-1)!;
      expect(lines.length, `the last ${n} lines of each of the two files`).toBe(2 * n);
      expect(stdout, "the access log's last line").toContain(
        last.split('"')[1]!.split(' ')[1]!.split('?')[0]!,
      );
    };
  if (command === 'sql')
    return ({ stdout }) => {
      expect(stdout.split('\n')[0]!.trim().split(/\s+/)).toEqual(['kind', 'hits']);
      expect(stdout).toMatch(/^\s+human\s+\d+$/m);
      expect(stdout).toMatch(/^\s+crawler\s+\d+$/m);
    };
  return undefined;
}

const lines = commandLines();

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'shop.mjs'), shop);
  work = mkdtempSync(join(tmpdir(), 'insight-doc-commands-'));
  const targetFolder = join(work, '.replay-target');
  mkdirSync(targetFolder);
  const fixture = readFileSync(FIXTURE, 'utf8').split('\n');
  writeFileSync(join(work, 'access.log'), fixture.slice(0, 2_000).join('\n') + '\n');

  const [site, replayTarget] = await Promise.all([startShop(work), startShop(targetFolder)]);
  target = replayTarget.address;
  await browse(site.address);
  await new Promise((resolve) => (site.child.on('exit', resolve), site.child.kill('SIGTERM')));
  const records = readFileSync(join(work, 'logs/app.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { event?: string; incident?: { ref: string; fingerprint: string } });
  const incident = records.find((r) => r.event === 'incident')?.incident;
  if (incident === undefined) throw new Error('the shop wrote no incident record');
  incidentRef = incident.ref;
  fingerprint = incident.fingerprint;
}, 30_000);

afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (work !== '') rmSync(work, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('docs/insight.md: the logbook command lines', () => {
  it('finds the command lines, and has a check for each', () => {
    expect(lines.length).toBeGreaterThanOrEqual(15);
    for (const line of lines) expect(checkFor(line.replace(/^npx /, '')), line).toBeDefined();
  });

  // In the doc's order: `tickets solve` comes before the listing that shows it solved.
  for (const line of lines) {
    it(
      `${line.replace(/\s+#.*$/, '').trim()}`,
      async () => {
        let command = line.replace(/^npx /, '');
        command = command
          .replaceAll(EXAMPLE_REF, incidentRef)
          .replaceAll(EXAMPLE_FINGERPRINT, fingerprint.slice(0, 8));
        command = command.replaceAll(EXAMPLE_TARGET, target);
        let result: Result;
        if (/^logbook serve\b/.test(command)) {
          command = command.replace(/\s+#.*$/, '').replace(/ --port \d+/, '') + ` --port ${await freePort()}`;
          let answered = '';
          result = await sh(command, (out, stop) => {
            const address = /http:\/\/127\.0\.0\.1:\d+\/?/.exec(out)?.[0];
            if (address === undefined || answered !== '') return;
            answered = 'asked';
            void fetch(address)
              .then(async (r) => `${r.status} ${r.headers.get('content-type') ?? ''} ${await r.text()}`)
              .catch((error: Error) => `no answer: ${error.message}`)
              .then((answer) => ((answered = answer), stop()));
          });
          expect(answered, 'the dashboard answered with its page').toMatch(/^200 text\/html/);
        } else if (/^logbook tail .*(-f|--follow)\b/.test(command)) {
          let appended = false;
          result = await sh(command, (out, stop) => {
            if (!appended && out.includes('Ctrl-C')) {
              appended = true;
              const time = new Date().toISOString();
              const record = (path: string, status: number) =>
                JSON.stringify({
                  ...{
                    v: 1,
                    time,
                    level: 'INFO',
                    channel: 'http',
                    msg: '{method} {path}',
                    message: `GET ${path}`,
                  },
                  event: 'http.request',
                  request: { id: `r-${status}`, method: 'GET', path, status, ip: '192.0.2.9' },
                  ...{ host: 'shop', pid: 1 },
                }) + '\n';
              appendFileSync(
                join(work, 'logs/app.jsonl'),
                record('/fine-while-following', 200) + record('/appended-while-following', 404),
              );
            }
            if (out.includes('/appended-while-following')) stop();
          });
          expect(result.stderr, 'it says it follows until Ctrl-C').toContain('Ctrl-C');
        } else {
          result = await sh(command);
          // replay's exit code is its verdict: 3 when the crash came back, as it does on the docs' shop
          const expected = command.startsWith('logbook replay') && !command.includes('--print') ? 3 : 0;
          expect(result.code, `exit code; it printed:\n${result.stdout}\n${result.stderr}`).toBe(expected);
        }
        await checkFor(line.replace(/^npx /, ''))!(result);
      },
      COMMAND_KILL_MS + 15_000,
    );
  }
});
