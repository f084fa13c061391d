import { describe, it, expect, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cli, tempDir, writeJsonl } from './helpers/records.js';
import { closeSites, recordingSite } from './support/replay-site.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(closeSites);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const base = {
  v: 1,
  time: '2026-11-21T10:00:00.000Z',
  level: 'ERROR',
  channel: 'http',
  msg: 'Unhandled error',
  event: 'incident',
};

/**
 * Incidents as the web middleware records them: values redacted in each spelling it knows, headers safe and not,
 * a session before the crash (the crashing request last in it, as the trail holds it), bodies of each kind.
 */
function incidents(): string {
  const dir = tempDir();
  dirs.push(dir);
  const incident = (ref: string, time: string, request: object, incident: object): object => ({
    ...base,
    time,
    error: { name: 'TypeError', message: 'boom', fingerprint: `fp-${ref}` },
    request: { status: 500, ...request },
    incident: { ref, fingerprint: `fp-${ref}`, ...incident },
  });
  writeJsonl(join(dir, 'app.jsonl'), [
    incident(
      'E-PLAN01',
      '2026-11-21T10:00:00.000Z',
      { id: 'r9', method: 'POST', path: '/checkout', query: 'coupon=SAVE10&token=[redacted]' },
      {
        received: {
          method: 'POST',
          url: '/checkout?coupon=SAVE10&token=[redacted]',
          headers: {
            Accept: 'text/html',
            'Accept-Language': 'de',
            'Content-Type': 'application/x-www-form-urlencoded',
            'User-Agent': 'Firefox/133.0',
            Referer: 'http://shop.example/cart',
            'X-Requested-With': 'XMLHttpRequest',
            Origin: 'http://shop.example',
            Cookie: 'sid=abc',
            Authorization: 'Bearer abc',
            'X-Api-Key': 'k-123',
            'X-Forwarded-For': '203.0.113.9',
          },
          body: {
            item: '3',
            password: '<redacted>',
            card: '****',
            tags: ['a', ' REDACTED '],
            address: { city: 'Bonn', zip: '[Filtered]' },
            stars: '**',
            note: 'redacted by hand',
            memo: 'not redacted',
          },
        },
        session_trail: [
          { id: 'r7', path: '/', status: 200, ua: 'Firefox/133.0' },
          { id: 'r8', method: 'POST', path: '/cart', query: 'add=3&sid=[FILTERED]', status: 302 },
          { id: 'r9', method: 'POST', path: '/checkout', status: 500 },
        ],
      },
    ),
    incident(
      'E-PLAN02',
      '2026-11-21T10:01:00.000Z',
      { method: 'PUT', path: '/api/items', query: 'v=2' },
      {
        received: {
          headers: { accept: '[redacted]', 'user-agent': 'cli/1' },
          body: { name: 'x', secret: '[REDACTED]', list: [1, { token: '***' }] },
        },
        // neither this step nor the crash has an id: the step is still sent
        session_trail: [{ status: 200 }],
      },
    ),
    incident(
      'E-PLAN03',
      '2026-11-21T10:02:00.000Z',
      { path: '/api/x[1]', query: 'q=1' },
      { received: { headers: { 'content-type': 'text/plain' }, body: 'line1\nline2' } },
    ),
    incident(
      'E-PLAN04',
      '2026-11-21T10:03:00.000Z',
      // a request id and no session: nothing before the crash to send
      { id: 'r4', method: 'POST', path: '/empty' },
      { received: { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '' } },
    ),
    incident(
      'E-PLAN05',
      '2026-11-21T10:04:00.000Z',
      { method: 'PATCH', path: '/api/doc' },
      { received: { headers: { 'content-type': 'application/vnd.api+json' }, body: { a: 1 } } },
    ),
    incident(
      'E-PLAN06',
      '2026-11-21T10:05:00.000Z',
      // no path recorded: the root
      { method: 'POST' },
      { received: { body: null } },
    ),
    // the method as received wins over the request's; no body
    incident(
      'E-PLAN07',
      '2026-11-21T10:06:00.000Z',
      { method: 'POST', path: '/gone' },
      { received: { method: 'DELETE' } },
    ),
    // a body redacted whole
    incident(
      'E-PLAN08',
      '2026-11-21T10:07:00.000Z',
      { method: 'POST', path: '/note' },
      { received: { headers: { 'content-type': 'text/plain' }, body: '[REDACTED]' } },
    ),
  ]);
  return dir;
}

interface Seen {
  line: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Runs a printed curl script against a loopback server that sets a cookie on the first request; what it saw. */
async function runAgainstTarget(
  dir: string,
  script: string,
  env: Record<string, string> = {},
): Promise<{ seen: Seen[]; stdout: string }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ line: `${req.method} ${req.url}`, headers: req.headers, body });
      res.writeHead(200, seen.length === 1 ? { 'set-cookie': 'jar=1; Path=/' } : {}).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  try {
    const file = join(dir, 'replay.sh');
    writeFileSync(file, script.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`));
    const out = await run('sh', [file], { env: { ...process.env, ...env } }).catch(
      (e: Error & { code?: string }) => {
        throw e.code === 'ENOENT' ? new Error('this test runs curl: apt-get install -y curl') : e;
      },
    );
    return { seen, stdout: out.stdout };
  } finally {
    server.close();
  }
}

describe('replay --print', () => {
  it('writes a curl script that, filled in, sends the session and then the crash with only its safe headers', async () => {
    const dir = incidents();
    const r = await cli(['replay', 'E-PLAN01', dir, '--print', 'curl', '--set', 'password=hunter2']);
    expect(r.code, r.err).toBe(0);
    // redacted values are listed, sorted, and left as {{name}} where they go (not percent-encoded)
    expect(r.err).toBe('Fill in the redacted values: card, sid, tags, token, zip\n');
    expect(r.out).toContain(
      '# Fill in before running (redacted when recorded): card, sid, tags, token, zip\n',
    );
    for (const name of ['card', 'sid', 'tags', 'token', 'zip']) expect(r.out).toContain(`{{${name}}}`);

    // what a user does with it: fill in the placeholders, point it at the copy of the app, run it
    const filled = r.out
      .replaceAll('{{card}}', 'C1')
      .replaceAll('{{sid}}', 'S1')
      .replaceAll('{{tags}}', 'G1')
      .replaceAll('{{token}}', 'T1')
      .replaceAll('{{zip}}', '53111');
    const { seen, stdout } = await runAgainstTarget(dir, filled);
    expect(stdout).toBe(
      ['200 GET /', '200 POST /cart?add=3&sid=S1', '200 POST /checkout?coupon=SAVE10&token=T1', ''].join(
        '\n',
      ),
    );
    expect(seen.map((s) => s.line)).toEqual([
      'GET /',
      'POST /cart?add=3&sid=S1',
      'POST /checkout?coupon=SAVE10&token=T1',
    ]);
    expect(seen[0]!.headers['user-agent']).toBe('Firefox/133.0');
    expect(seen[0]!.headers.cookie).toBeUndefined();
    // the cookie jar carries what the target set, and nothing recorded
    expect(seen[1]!.headers.cookie).toBe('jar=1');
    expect(seen[2]!.headers.cookie).toBe('jar=1');
    expect(seen[2]!.headers).toMatchObject({
      accept: 'text/html',
      'accept-language': 'de',
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Firefox/133.0',
      referer: 'http://shop.example/cart',
      'x-requested-with': 'XMLHttpRequest',
      origin: 'http://shop.example',
    });
    for (const unsafe of ['authorization', 'x-api-key', 'x-forwarded-for'])
      expect(seen[2]!.headers[unsafe], unsafe).toBeUndefined();
    expect(new URLSearchParams(seen[2]!.body).toString()).toBe(
      'item=3&password=hunter2&card=C1&tags=a&tags=G1&address%5Bcity%5D=Bonn&address%5Bzip%5D=53111&stars=**&note=redacted+by+hand&memo=not+redacted',
    );
  });

  it('writes a curl script that stops at the first request that fails and leaves no cookie jar behind', async () => {
    const dir = incidents();
    const r = await cli([
      'replay',
      'E-PLAN01',
      dir,
      '--print',
      'curl',
      '--set',
      'password=x',
      '--target',
      'http://127.0.0.1:9',
    ]);
    expect(r.out.startsWith('#!/bin/sh\n')).toBe(true);
    const file = join(dir, 'replay.sh');
    writeFileSync(file, r.out);
    // the jar holds the session's cookies: it goes with the script's end, whether it ran through or not
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const failed = await run('sh', [file], { env: { ...process.env, TMPDIR: tmp } }).then(
      () => undefined,
      (e: Error & { code?: number; stdout?: string }) => e,
    );
    expect(failed?.code).toBe(7); // curl: could not connect
    expect(failed?.stdout).toBe('000 GET /\n');
    const filled = await cli(['replay', 'E-PLAN03', dir, '--print', 'curl']);
    const { stdout } = await runAgainstTarget(dir, filled.out, { TMPDIR: tmp });
    expect(stdout).toBe('200 GET /api/x[1]?q=1\n');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('writes a curl script that sends a path with brackets and a body with line breaks as recorded', async () => {
    const r = await cli(['replay', 'E-PLAN03', incidents(), '--print', 'curl']);
    expect(r.code, r.err).toBe(0);
    // nothing to fill in: no note saying so, and a script ending its last line
    expect(r.out).not.toContain('Fill in');
    expect(r.out.endsWith("'\n")).toBe(true);
    // a step recorded without a path is the root, and its progress line says so
    const dir = dirs.at(-1)!;
    for (const [ref, label] of [
      ['E-PLAN02', 'GET /'],
      ['E-PLAN06', 'POST /'],
    ] as const)
      expect((await cli(['replay', ref, dir, '--print', 'curl'])).out).toContain(
        `-w '%{http_code} ${label}\\n'`,
      );
    const { seen, stdout } = await runAgainstTarget(dirs.at(-1)!, r.out);
    expect(stdout).toBe('200 GET /api/x[1]?q=1\n');
    expect(seen).toMatchObject([{ line: 'GET /api/x[1]?q=1', body: 'line1\nline2' }]);
    expect(seen[0]!.headers['content-type']).toBe('text/plain');
  });

  it('writes a .http file: one block per step, safe headers, the body after a blank line', async () => {
    const dir = incidents();
    const http = async (ref: string): Promise<string> => {
      const r = await cli(['replay', ref, dir, '--print', 'http', '--target', 'http://127.0.0.1:8080']);
      expect(r.code, r.err).toBe(0);
      return r.out;
    };
    expect(await http('E-PLAN02')).toBe(
      [
        '# Fill in before running (redacted when recorded): secret, token',
        '',
        '### step 1',
        'GET http://127.0.0.1:8080/',
        '',
        '### step 2',
        'PUT http://127.0.0.1:8080/api/items?v=2',
        'user-agent: cli/1',
        'content-type: application/json',
        '',
        '{"name":"x","secret":"{{secret}}","list":[1,{"token":"{{token}}"}]}',
        '',
      ].join('\n'),
    );
    expect(await http('E-PLAN03')).toBe(
      [
        '### step 1',
        'GET http://127.0.0.1:8080/api/x[1]?q=1',
        'content-type: text/plain',
        '',
        'line1',
        'line2',
        '',
      ].join('\n'),
    );
    expect(await http('E-PLAN04')).toBe(
      [
        '### step 1',
        'POST http://127.0.0.1:8080/empty',
        'content-type: application/json; charset=utf-8',
        '',
      ].join('\n'),
    );
    // a JSON body keeps the type it was sent with; a null body is no body
    expect(await http('E-PLAN05')).toBe(
      [
        '### step 1',
        'PATCH http://127.0.0.1:8080/api/doc',
        'content-type: application/vnd.api+json',
        '',
        '{"a":1}',
        '',
      ].join('\n'),
    );
    expect(await http('E-PLAN06')).toBe(['### step 1', 'POST http://127.0.0.1:8080/', ''].join('\n'));
    expect(await http('E-PLAN07')).toBe(['### step 1', 'DELETE http://127.0.0.1:8080/gone', ''].join('\n'));
    expect(await http('E-PLAN08')).toBe(
      [
        '# Fill in before running (redacted when recorded): body',
        '',
        '### step 1',
        'POST http://127.0.0.1:8080/note',
        'content-type: text/plain',
        '',
        '{{body}}',
        '',
      ].join('\n'),
    );
  });

  it('shows the status the crash was recorded with when the target answers otherwise', async () => {
    const dir = incidents();
    const server = createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    try {
      const r = await cli(['replay', 'E-PLAN05', dir, '--target', `http://127.0.0.1:${port}`, '--no-color']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(
        '  1/1 PATCH /api/doc → 200 (recorded 500)\nNot reproduced: the last request answered 200.\n',
      );
    } finally {
      server.close();
    }
  });

  it('sends a GET with its recorded body, framed by its length, as the client sent it', async () => {
    const site = await recordingSite();
    const r = await cli(['replay', 'E-PLAN03', incidents(), '--target', site.url, '--no-color']);
    expect(r.code, r.err).toBe(0);
    expect(site.seen).toEqual(['GET /api/x[1]?q=1 line1\nline2']);
  });

  it('sends nothing while a redacted value is missing, and names each as the --set to give', async () => {
    const dir = incidents();
    const r = await cli(['replay', 'E-PLAN02', dir, '--target', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'These values were redacted when the incident was recorded; supply them to replay: --set secret=... --set token=...\n',
    );
  });
});
