import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard, type Dashboard } from '../src/serve/start-dashboard.js';
import { DASHBOARD_DIR } from '../src/serve/static-files.js';
import { siteLogs, writeLog } from './support/site-logs.js';
import { cli } from './helpers/records.js';
import { waitUntil } from '../../../test/support/wait-until.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends the path exactly as given (fetch would normalise `..` away before it left). */
function raw(
  d: Dashboard,
  path: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: d.host,
        port: d.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: `127.0.0.1:${d.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const TOKEN = 'correct-horse-battery-staple-42';

describe('serve: what it refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-sec-'));
  let d: Dashboard;
  let secured: Dashboard;

  beforeAll(async () => {
    writeLog(join(dir, 'app.jsonl'), siteLogs({ seed: 2, visitors: 8 }).records);
    writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
    d = await startDashboard({ sources: [join(dir, 'app.jsonl')], port: 0, follow: false });
    // 127.0.0.2 is loopback on Linux but not the default address, so it takes the token path.
    secured = await startDashboard({
      sources: [join(dir, 'app.jsonl')],
      port: 0,
      host: '127.0.0.2',
      token: TOKEN,
      follow: false,
    });
  });
  afterAll(async () => {
    await d?.close();
    await secured?.close();
  });

  it('sends a strict Content-Security-Policy and nosniff with every answer', async () => {
    for (const path of ['/', '/app.js', '/api/meta', '/nope', '/../etc/passwd']) {
      const a = await raw(d, path);
      expect(a.headers['content-security-policy'], path).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
      );
      expect(a.headers['x-content-type-options'], path).toBe('nosniff');
    }
    const page = await raw(d, '/');
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/<script>(?!<)|<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(page.body).not.toMatch(/style=|<style/);
  });

  it('serves the chart library from the installed package, not a CDN', async () => {
    const js = await raw(d, '/vendor/uPlot.iife.min.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).toContain('uPlot');
    expect((await raw(d, '/')).body).not.toMatch(/https?:\/\//);
  });

  it('never reads a file outside the dashboard folder', async () => {
    symlinkSync(join(dir, 'secret.txt'), join(DASHBOARD_DIR, 'zz-link-for-test.txt'));
    try {
      for (const path of [
        '/../package.json',
        '/../../../../etc/passwd',
        '/%2e%2e/package.json',
        '/%2e%2e%2fpackage.json',
        '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
        '/..%2f..%2fsrc%2fcli.ts',
        '/%252e%252e%252fpackage.json',
        '/..\\package.json',
        '/%5c..%5cpackage.json',
        '/app.js%00.png',
        `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
        '//etc/passwd',
        '/zz-link-for-test.txt',
        '/vendor/../../package.json',
      ]) {
        const a = await raw(d, path);
        expect(a.status, path).toBe(404);
        expect(a.body, path).not.toMatch(/root:|"name"|not for the browser|import /);
      }
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(join(DASHBOARD_DIR, 'zz-link-for-test.txt'));
    }
  });

  it('answers only to a loopback Host header when there is no token (DNS rebinding)', async () => {
    expect((await raw(d, '/api/meta', { headers: { host: `evil.example:${d.port}` } })).status).toBe(421);
    expect((await raw(d, '/api/meta', { headers: { host: `localhost:${d.port}` } })).status).toBe(200);
  });

  it('refuses state changes without the dashboard’s header or from another origin (CSRF)', async () => {
    const path = '/api/tickets/fp-search-null/solve';
    expect((await raw(d, path, { method: 'POST' })).status).toBe(403);
    expect((await raw(d, path, { method: 'GET' })).status).toBe(404);
    const foreign = await raw(d, path, {
      method: 'POST',
      headers: { 'x-logbook-request': '1', origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const crossSite = await raw(d, path, {
      method: 'POST',
      headers: { 'x-logbook-request': '1', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const own = await raw(d, path, {
      method: 'POST',
      headers: { 'x-logbook-request': '1', origin: `http://127.0.0.1:${d.port}` },
    });
    expect(own.status).toBe(200);
  });

  it('with a token: every request must carry it, by header, or by cookie after a first ?token= load', async () => {
    const host = { host: `127.0.0.2:${secured.port}` };
    for (const path of ['/', '/app.js', '/api/meta', '/api/events', '/vendor/uPlot.min.css']) {
      const a = await raw(secured, path, { headers: host });
      expect(a.status, path).toBe(401);
      expect(a.body, path).toContain('token');
    }
    expect(
      (
        await raw(secured, '/api/meta', {
          headers: { ...host, authorization: 'Bearer wrong-token-of-some-length' },
        })
      ).status,
    ).toBe(401);
    expect(
      (await raw(secured, '/api/meta', { headers: { ...host, authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    expect((await raw(secured, '/?token=wrong', { headers: host })).status).toBe(401);

    const first = await raw(secured, `/?view=requests&token=${TOKEN}`, { headers: host });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/?view=requests');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    expect((await raw(secured, '/api/meta', { headers: { ...host, cookie: jar } })).status).toBe(200);
    expect(
      (await raw(secured, '/api/meta', { headers: { ...host, cookie: 'logbook_token=nope' } })).status,
    ).toBe(401);
  });

  it('refuses to start on a non-loopback address without a token, saying what to do', async () => {
    await expect(startDashboard({ sources: [dir], port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /refusing to serve logs on 0\.0\.0\.0 without a token.*--token/,
    );
    await expect(
      startDashboard({ sources: [dir], port: 0, host: '127.0.0.2', token: 'short' }),
    ).rejects.toThrow(/too short/);
    await expect(startDashboard({ sources: [dir], port: 0, host: '0.0.0.0' })).rejects.toMatchObject({
      code: 'needs-token',
      refusedOptions: true,
    });
    await expect(
      startDashboard({ sources: [dir], port: 0, host: '127.0.0.2', token: 'short' }),
    ).rejects.toMatchObject({ code: 'short-token', refusedOptions: true });
    // Options the command refuses are a usage error, like any other (exit 2); a taken port is not (exit 1).
    const r = await cli(['serve', dir, '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/logbook serve: refusing to serve logs on 0\.0\.0\.0 without a token/);
  });

  it('says a port is taken before reading any log, and frees the port when the logs cannot be read', async () => {
    const { createServer } = await import('node:net');
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    // The source does not exist either: the port is the first thing the user hears about.
    await expect(startDashboard({ sources: [join(dir, 'no-such-log')], port })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is taken; choose another with --port.`,
    );
    // A program that starts the dashboard has its own way to choose the port: it gets the reason and the port.
    await expect(startDashboard({ sources: [dir], port })).rejects.toMatchObject({
      name: 'DashboardError',
      code: 'port-taken',
      port,
      refusedOptions: false,
    });
    // Not a usage error: the command line was right, the machine said no.
    const taken = await cli(['serve', dir, '--port', String(port)]);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain(`port ${port} on 127.0.0.1 is taken`);
    await new Promise<void>((r) => holder.close(() => r()));
    // With the port free, the missing source is reported, and the port it had taken is given back.
    await expect(startDashboard({ sources: [join(dir, 'no-such-log')], port })).rejects.toThrow(
      /Cannot read/,
    );
    const again = createServer();
    await new Promise<void>((r, reject) => again.once('error', reject).listen(port, '127.0.0.1', r));
    await new Promise<void>((r) => again.close(() => r()));
  });

  it('says which port it cannot listen on when the port is no port at all', async () => {
    const error = await startDashboard({ sources: [dir], port: 70000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DashboardError', code: 'cannot-listen', port: 70000 });
    expect((error as Error).message).toMatch(/^cannot listen on 127\.0\.0\.1:70000: .*65536/);
  });

  it('`logbook serve` prints its URL and stops when interrupted', async () => {
    const { Writable } = await import('node:stream');
    const { main } = await import('../src/cli.js');
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const ac = new AbortController();
    const running = main(['serve', dir, '--port', '0'], { stdout: sink, stderr: sink, cwd: dir }, ac.signal);
    const url = await waitUntil(
      'logbook serve to print its address',
      () => /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0],
      { seen: () => out },
    );
    const meta = (await (await fetch(new URL('/api/meta', url))).json()) as { total: number };
    expect(meta.total).toBeGreaterThan(100);
    ac.abort();
    expect(await running).toBe(0);
  });
});
