import { describe, it, expect } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, generateRecords, tempDir, writeJsonl, assertValid } from './helpers/records.js';
import type { Report } from '../src/report/build-report.js';

function incidentsDir(): { dir: string; refs: string[] } {
  const gen = generateRecords({ users: 3 });
  const dir = tempDir();
  writeJsonl(join(dir, 'app.jsonl'), gen.records);
  return { dir, refs: gen.truth.fingerprints['fp-checkout-total']!.refs };
}

describe('tickets', () => {
  it('--filter ticket=FINGERPRINT narrows the report to that crash', async () => {
    const { dir } = incidentsDir();
    const all = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(all.tickets.length).toBeGreaterThan(1);
    const one = JSON.parse(
      (await cli(['report', dir, '--json', '--filter', 'ticket=fp-checkout-total'])).out,
    ) as Report;
    expect(one.tickets.map((t) => t.fingerprint)).toEqual(['fp-checkout-total']);
  });

  it('solve marks a ticket solved in logs/.logbook/tickets.json; a new occurrence shows it as regressed', async () => {
    const { dir } = incidentsDir();
    const solve = await cli(['tickets', 'solve', 'fp-checkout', dir]);
    expect(solve.code).toBe(0);
    expect(solve.out).toContain('Solved fp-checkout-total');
    const state = JSON.parse(readFileSync(join(dir, '.logbook', 'tickets.json'), 'utf8'));
    expect(Object.keys(state.solved)).toEqual(['fp-checkout-total']);
    let report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.tickets.find((t) => t.fingerprint === 'fp-checkout-total')).toMatchObject({
      solved: true,
      state: 'solved',
    });
    expect(report.tickets.find((t) => t.fingerprint === 'fp-search-null')).toMatchObject({
      solved: false,
      state: 'open',
    });

    const again = generateRecords({ users: 3, start: Date.now() + 60_000 }).records.filter(
      (r) => r.event === 'incident',
    );
    writeJsonl(join(dir, 'later.jsonl'), again);
    report = JSON.parse((await cli(['report', dir, '--json'])).out) as Report;
    expect(report.tickets.find((t) => t.fingerprint === 'fp-checkout-total')).toMatchObject({
      solved: false,
      state: 'regressed',
    });
    const list = await cli(['tickets', dir, '--no-color']);
    expect(list.out).toMatch(/regressed\s+fp-checkout-total/);
    // times to the second, as in the report, leaving the error column its room
    expect(list.out).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /);
    expect(list.out).not.toMatch(/\d\dT\d\d:/);

    const unknown = await cli(['tickets', 'solve', 'fp-nope', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no ticket with fingerprint fp-nope');
    expect((await cli(['tickets', 'solve'])).code).toBe(2);
  });
});

describe('show', () => {
  it('prints the error with its cause, the request, the user, the trail and the session', async () => {
    const { dir, refs } = incidentsDir();
    const r = await cli(['show', refs[0]!, dir, '--no-color']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Incident ${refs[0]!}`);
    expect(r.out).toContain("TypeError: Cannot read properties of undefined (reading 'total')");
    expect(r.out).toContain('caused by Error: price missing');
    expect(r.out).toContain('POST /checkout?coupon=SAVE10');
    expect(r.out).toContain('u-0');
    expect(r.out).toContain('DEBUG    http: loading cart');
    expect(r.out).toContain('POST /cart?add=3');
    const missing = await cli(['show', 'E-ZZZZZZ', dir]);
    expect(missing.code).toBe(1);
    expect((await cli(['show', 'nonsense', dir])).code).toBe(2);
  });
});

describe('replay', () => {
  async function crashServer(logDir: string): Promise<{ server: Server; url: string; seen: string[] }> {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url?.startsWith('/checkout')) {
          const rec = {
            v: 1,
            time: new Date().toISOString(),
            level: 'ERROR',
            channel: 'http',
            msg: 'Unhandled error on {path}',
            message: 'Unhandled error on /checkout',
            event: 'incident',
            host: 'test',
            pid: process.pid,
            error: { name: 'TypeError', message: 'boom', fingerprint: 'fp-checkout-total' },
            incident: { ref: 'E-NEW001', fingerprint: 'fp-checkout-total' },
          };
          assertValid(rec);
          appendFileSync(join(logDir, 'target.jsonl'), `${JSON.stringify(rec)}\n`);
          res.writeHead(500).end('Internal error E-NEW001');
        } else if (req.url === '/account') res.writeHead(303, { location: '/login' }).end();
        else res.writeHead(200, { 'set-cookie': 'sid=abc; Path=/' }).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address() as { port: number };
    return { server, url: `http://127.0.0.1:${addr.port}`, seen };
  }

  it('asks for redacted values, then re-sends the session in order and finds the same fingerprint in the target logs', async () => {
    const { dir, refs } = incidentsDir();
    const targetLogs = tempDir();
    const { server, url, seen } = await crashServer(targetLogs);
    try {
      const need = await cli(['replay', refs[0]!, dir, '--target', url]);
      expect(need.code).toBe(1);
      expect(need.err).toContain('--set password=...');
      expect(seen).toEqual([]);
      const r = await cli([
        'replay',
        refs[0]!,
        dir,
        '--target',
        url,
        '--set',
        'password=hunter2',
        '--logs',
        targetLogs,
        '--no-color',
      ]);
      expect(r.err).toBe('');
      expect(r.code, 'the exit code of a crash that came back').toBe(3);
      expect(seen).toEqual([
        'GET / ',
        'POST /cart?add=3 ',
        'POST /checkout?coupon=SAVE10 {"item":3,"password":"hunter2"}',
      ]);
      expect(r.out).toContain(
        'Reproduced: the same crash came back (fingerprint fp-checkout-total, new incident E-NEW001)',
      );
      // every step answered as recorded: no warning
      expect(r.out).not.toContain('recorded');
    } finally {
      server.close();
    }
  });

  it('says which steps answered otherwise than when recorded, and why that may be', async () => {
    const { dir, refs } = incidentsDir();
    // The recorded session started at /account (200, logged in); the target sends a visitor without its cookie away.
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    const text = readFileSync(join(dir, file), 'utf8').replaceAll(
      '{"id":"r-s1","method":"GET","path":"/","status":200}',
      '{"id":"r-s1","method":"GET","path":"/account","status":200}',
    );
    expect(text).toContain('"path":"/account"');
    writeFileSync(join(dir, file), text);
    const { server, url } = await crashServer(tempDir());
    try {
      const r = await cli(['replay', refs[0]!, dir, '--target', url, '--set', 'password=x', '--no-color']);
      expect(r.out).toContain('1/3 GET /account → 303 (recorded 200)');
      expect(r.out).toContain(
        "Step 1 answered otherwise than when recorded. The replay starts without the session's cookies",
      );
      expect(r.out).toContain('Reproduced (by status): the last request answered 500');
    } finally {
      server.close();
    }
  });

  it('judges by status without --logs, and prints curl or .http instead of sending', async () => {
    const { dir, refs } = incidentsDir();
    const { server, url } = await crashServer(tempDir());
    try {
      const r = await cli(['replay', refs[0]!, dir, '--target', url, '--set', 'password=x', '--no-color']);
      expect(r.out).toContain('Reproduced (by status): the last request answered 500');
      expect(r.code).toBe(3);
    } finally {
      server.close();
    }
    const curl = await cli(['replay', refs[0]!, dir, '--print', 'curl']);
    expect(curl.out).toContain('curl -sS');
    expect(curl.out).toContain("'http://127.0.0.1:3000/checkout?coupon=SAVE10'");
    expect(curl.out).toContain('{{password}}');
    expect(curl.out).not.toContain('cookie');
    expect(curl.err).toContain('password');
    const http = await cli(['replay', refs[0]!, dir, '--print', 'http', '--target', 'http://127.0.0.1:8080']);
    expect(http.out).toContain('POST http://127.0.0.1:8080/checkout?coupon=SAVE10');
    expect((await cli(['replay', refs[0]!, dir])).code).toBe(2);
    expect(existsSync(dir)).toBe(true);
  });
});
