// A staging copy of an application often serves https with a self-signed certificate. Replay refused it with
// "cannot reach ... (DEPTH_ZERO_SELF_SIGNED_CERT). Start the application there", which sent the user looking for a
// server that was running. It now says the certificate is not trusted and how to go on: --insecure, as curl -k.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers/records.js';
import { incidentRecord, logsWith } from './support/replay-site.js';
import { selfSignedCertificate } from '../../../test/support/self-signed-certificate.js';

const run = promisify(execFile);
let server: Server;
let target: string;
const seen: string[] = [];

beforeAll(async () => {
  const { cert, key } = selfSignedCertificate(tempDir(), 'staging');
  server = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(req.url === '/checkout' ? 500 : 200).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Logs with one incident: the cart, then the crash at /checkout. */
const logs = (): string =>
  logsWith([
    incidentRecord('E-TLS001', 'fp-checkout', {
      request: { method: 'GET', path: '/checkout', status: 500 },
      incident: {
        received: { method: 'GET', url: '/checkout', headers: {} },
        session_trail: [{ time: '2026-11-21T09:59:00.000Z', method: 'GET', path: '/cart', status: 200 }],
      },
    }),
  ]);

describe('replay against an https target with a self-signed certificate', () => {
  it('says the certificate is not trusted and how to go on, and sends nothing', async () => {
    seen.length = 0;
    const r = await cli(['replay', 'E-TLS001', logs(), '--target', target]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('certificate that is not trusted');
    expect(r.err).toContain('--insecure');
    expect(r.err).not.toContain('Start the application there');
    expect(seen).toEqual([]);
  });

  it('with --insecure, sends the session and finds the crash again', async () => {
    seen.length = 0;
    const r = await cli(['replay', 'E-TLS001', logs(), '--target', target, '--insecure']);
    expect(r.err).toBe('');
    expect(r.code).toBe(3);
    expect(seen).toEqual(['GET /cart', 'GET /checkout']);
    expect(r.out).toContain('Reproduced (by status)');
  });

  it('with --insecure, prints a curl script that reaches it too', async () => {
    const printed = await cli([
      'replay',
      'E-TLS001',
      logs(),
      '--print',
      'curl',
      '--target',
      target,
      '--insecure',
    ]);
    expect(printed.code, printed.err).toBe(0);
    const file = join(tempDir(), 'replay.sh');
    writeFileSync(file, printed.out);
    seen.length = 0;
    const out = await run('sh', [file]).catch((e: Error & { code?: string }) => {
      throw e.code === 'ENOENT' ? new Error('this test runs curl: apt-get install -y curl') : e;
    });
    expect(seen).toEqual(['GET /cart', 'GET /checkout']);
    expect(out.stdout).toContain('500 GET /checkout');
    // without it, curl refuses the certificate as replay does
    const strict = await cli(['replay', 'E-TLS001', logs(), '--print', 'curl', '--target', target]);
    expect(strict.out).not.toContain('--insecure');
  });
});
