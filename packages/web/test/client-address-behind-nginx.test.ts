// The app deployed as it usually is: behind Debian's nginx, one or two hops of it, started here on loopback
// addresses with its own configuration and prefix in a temporary folder. The client connects from 127.0.0.5,
// the front proxy from 127.0.0.2, the inner proxy from 127.0.0.3, so each hop has an address of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, createServer } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Harness, runningSite } from './behaviour.js';
import type { WebLogbookOptions } from '../src/index.js';
import { aptInstall } from '../../../test/support/debian-packages.js';

const CLIENT = '127.0.0.5';
const FRONT = '127.0.0.2';
const INNER = '127.0.0.3';

/** nginx's binary, installed from Debian if missing; a clear failure when that cannot be done. */
function ensureNginx(): string {
  const found = (): string | undefined =>
    ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => spawnSync(path, ['-v']).status === 0);
  let nginx = found();
  if (nginx === undefined) {
    aptInstall('nginx-light', 'nginx');
    nginx = found();
  }
  if (nginx === undefined) {
    throw new Error(
      'These tests need nginx and could not install it: run `apt-get update && apt-get install -y nginx-light` ' +
        '(as root) and run them again.',
    );
  }
  return nginx;
}

/** A port free on the given loopback address (nginx needs its ports before it starts). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Ports {
  /** client → front nginx → inner nginx → app; each hop appends to X-Forwarded-For. */
  twoHops: number;
  /** One nginx that sends only X-Real-IP (a common minimal configuration). */
  realIp: number;
  /** One nginx that sends only `Forwarded: for=…;proto=…`. */
  forwarded: number;
}

class Nginx {
  private process: ChildProcess | undefined;
  private dir = '';
  ports!: Ports;

  async start(binary: string, appPort: number): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'logbook-nginx-'));
    const inner = await freePort(INNER);
    this.ports = {
      twoHops: await freePort('127.0.0.1'),
      realIp: await freePort('127.0.0.1'),
      forwarded: await freePort('127.0.0.1'),
    };
    const d = this.dir;
    const app = `http://127.0.0.1:${appPort}`;
    writeFileSync(
      join(d, 'nginx.conf'),
      `user root;
worker_processes 1;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${d}/body;
  proxy_temp_path ${d}/proxy;
  fastcgi_temp_path ${d}/fastcgi;
  uwsgi_temp_path ${d}/uwsgi;
  scgi_temp_path ${d}/scgi;
  server {
    listen 127.0.0.1:${this.ports.twoHops};
    location / {
      proxy_pass http://${INNER}:${inner};
      proxy_bind ${FRONT};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
  server {
    listen ${INNER}:${inner};
    location / {
      proxy_pass ${app};
      proxy_bind ${INNER};
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Host $http_x_forwarded_host;
    }
  }
  server {
    listen 127.0.0.1:${this.ports.realIp};
    location / {
      proxy_pass ${app};
      proxy_set_header X-Real-IP $remote_addr;
    }
  }
  server {
    listen 127.0.0.1:${this.ports.forwarded};
    location / {
      proxy_pass ${app};
      proxy_set_header Forwarded "for=$remote_addr;proto=$scheme";
    }
  }
}
`,
    );
    const child = spawn(binary, ['-p', d, '-c', join(d, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.process = child;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const until = Date.now() + 5000;
    while (!(await accepts(this.ports.forwarded)) || !(await accepts(inner, INNER))) {
      if (child.exitCode !== null || Date.now() > until) {
        throw new Error(`nginx did not start: ${stderr}${this.errorLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private errorLog(): string {
    try {
      return readFileSync(join(this.dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (this.dir !== '') rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }
}

function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A GET through nginx, sent from the client's own loopback address. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, localAddress: CLIENT, headers: { host: 'shop.example', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Raw bytes through nginx from the client's own address; resolves with the status nginx answers. */
function sendRaw(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Written, not ended: nginx drops a request whose client half-closed before the answer.
    const socket = connect({ port, host: '127.0.0.1', localAddress: CLIENT }, () =>
      socket.write(text, 'latin1'),
    );
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('behind nginx', () => {
  let binary = '';
  beforeAll(() => {
    binary = ensureNginx();
  }, 300_000);

  const nginx = new Nginx();
  const h = new Harness(async (logbook) => {
    const server = createServer(
      logbook.node((req, res) => {
        res.statusCode = req.url?.startsWith('/missing') === true ? 404 : 200;
        res.end('ok');
      }),
    );
    server.listen(0, '127.0.0.1');
    return runningSite(server, logbook);
  });
  async function start(options: WebLogbookOptions): Promise<void> {
    await h.start(options);
    await nginx.start(binary, Number(new URL(h.site.url).port));
  }
  afterEach(async () => {
    await nginx.stop();
    await h.stop();
  });

  const ipOf = async (id: string) => (await h.access(id)).request?.ip;

  it('records the real client through two trusted hops listed by address, not what the client claims', async () => {
    await start({ trustProxy: [FRONT, INNER] });
    // nginx appends to what the client sent: "203.0.113.66, 127.0.0.5, 127.0.0.2".
    expect(
      await get(nginx.ports.twoHops, '/a', { 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'a' }),
    ).toBe(200);
    expect(await ipOf('a')).toBe(CLIENT);
  });

  it('records the real client through hops trusted as a CIDR block', async () => {
    await start({ trustProxy: ['127.0.0.2/31'] }); // .2 and .3, not the client's .5
    await get(nginx.ports.twoHops, '/b', { 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'b' });
    expect(await ipOf('b')).toBe(CLIENT);
  });

  it('stops at the rightmost untrusted hop: with only the inner proxy trusted, the client is the front one', async () => {
    await start({ trustProxy: [INNER] });
    await get(nginx.ports.twoHops, '/c', { 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'c' });
    expect(await ipOf('c')).toBe(FRONT);
  });

  it('believes nothing nginx forwards when nginx is not trusted', async () => {
    await start({});
    await get(nginx.ports.twoHops, '/d', { 'x-forwarded-for': '203.0.113.66', 'x-request-id': 'd' });
    expect(await ipOf('d')).toBe(INNER);
  });

  it('reads `Forwarded: for=` and, from an nginx that sends only that, X-Real-IP', async () => {
    await start({ trustProxy: 'loopback' });
    // The client's own X-Real-IP: replaced by the nginx that sets it; passed on by the one that sends Forwarded,
    // which is read first.
    await get(nginx.ports.forwarded, '/e', { 'x-request-id': 'e', 'x-real-ip': '203.0.113.66' });
    await get(nginx.ports.realIp, '/f', { 'x-request-id': 'f', 'x-real-ip': '203.0.113.66' });
    expect(await ipOf('e')).toBe(CLIENT);
    expect(await ipOf('f')).toBe(CLIENT);
  });

  it('compares referers with the host the client asked nginx for (X-Forwarded-Host), not the upstream address', async () => {
    await start({ trustProxy: 'loopback' });
    // A 404 whose referer is the missing page itself is a forged link: "no page links here".
    await get(nginx.ports.twoHops, '/missing', {
      referer: 'https://shop.example/missing',
      'x-request-id': 'g',
    });
    expect((await h.access('g')).fields?.reason).toBe('not found, and no page links here');
  });

  it('records requests Node refuses behind nginx with the client’s address, as a normal request is', async () => {
    await start({ trustProxy: [FRONT, INNER] });
    // nginx passes on a header value with a control character and heads up to 32 KB; Node refuses both (400,
    // 431). The forwarding headers nginx adds come before the client's, in what Node hands over with the error.
    const head = (extra: string) =>
      `GET /odd?x=1 HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\nX-Forwarded-For: 203.0.113.66\r\n` +
      `Referer: https://shop.example/odd\r\nUser-Agent: curl/8.0\r\n${extra}\r\n`;
    expect(await sendRaw(nginx.ports.twoHops, head(`X-Odd: a\x01b\r\n`))).toBe(400);
    await sendRaw(
      nginx.ports.twoHops,
      head(`X-Big: ${'a'.repeat(7000)}\r\nX-Big2: ${'b'.repeat(7000)}\r\nX-Big3: ${'c'.repeat(3000)}\r\n`),
    );
    await h.waitFor(
      () => h.records().filter((r) => r.message?.includes('refused by Node') === true).length >= 2,
      'two refused requests',
    );
    const records = h.records().filter((r) => r.message?.includes('refused by Node') === true);
    expect(records.map((r) => [r.request?.status, r.request?.ip])).toEqual([
      [400, CLIENT],
      [431, CLIENT],
    ]);
  });
});
