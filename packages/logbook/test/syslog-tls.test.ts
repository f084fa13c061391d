// SyslogHandler's TLS transport (RFC 5425) against a real rsyslog with its GnuTLS stream driver: a
// private instance on a loopback port with a throwaway self-signed certificate made by the openssl CLI,
// writing what it receives to a file this test reads. The system rsyslog is never touched.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Logger, SyslogHandler } from '../src/index.js';
import { aptInstall } from '../../../test/support/debian-packages.js';
import {
  ensureOpenssl,
  selfSignedCertificate as makeCertificate,
} from '../../../test/support/self-signed-certificate.js';
import { PrivateRsyslog, RSYSLOGD, freeTcpPort, sleep, until } from './support/rsyslog.js';

function installed(pkg: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).includes(
      'install ok installed',
    );
  } catch {
    return false;
  }
}

function ensurePackages(): void {
  ensureOpenssl();
  if (!existsSync(RSYSLOGD)) aptInstall('rsyslog');
  // The gtls network stream driver (lmnsd_gtls) ships separately from rsyslog.
  if (!installed('rsyslog-gnutls')) aptInstall('rsyslog-gnutls');
  if (!existsSync(RSYSLOGD) || !installed('rsyslog-gnutls')) {
    throw new Error(
      'This test needs rsyslog with its GnuTLS driver and could not install them. Install them with ' +
        '`apt-get update && apt-get install -y rsyslog rsyslog-gnutls` (as root).',
    );
  }
}

let dir: string;
let out: string;
let port: number;
let serverCert: { cert: string; key: string };
let ca: Buffer;
let server: PrivateRsyslog;

/** Whether a TLS handshake that trusts the test certificate succeeds on the port. */
function handshake(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = tlsConnect({ host: '127.0.0.1', port, ca }, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

beforeAll(async () => {
  ensurePackages();
  dir = mkdtempSync(join(tmpdir(), 'logbook-rsyslog-tls-'));
  mkdirSync(join(dir, 'work'));
  server = new PrivateRsyslog(dir, handshake);
  out = server.out;
  serverCert = makeCertificate(dir, 'localhost');
  ca = readFileSync(serverCert.cert);
  port = await freeTcpPort();
  // Mode 1 is TLS-only; anon auth means rsyslog does not ask the client for a certificate.
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}/work"
  DefaultNetstreamDriverCAFile="${serverCert.cert}"
  DefaultNetstreamDriverCertFile="${serverCert.cert}"
  DefaultNetstreamDriverKeyFile="${serverCert.key}")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" address="127.0.0.1" port="${port}")
template(name="raw" type="string" string="%protocol-version%|%app-name%|%procid%|%msgid%|%pri%|%structured-data%|%msg%\\n")
action(type="omfile" file="${out}" template="raw" asyncWriting="off" flushOnTXEnd="on")
`,
  );
  await server.start();
}, 60_000);

afterAll(async () => {
  await server.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const log = new Logger('shop');

describe('SyslogHandler over TLS with rsyslog (gtls)', () => {
  it('delivers several records intact and in order as RFC 5424: UTF-8 text and structured data', async () => {
    const handler = new SyslogHandler({
      transport: 'tls',
      port,
      tls: { ca },
      appName: 'shop-api',
      procId: 'worker-7',
      facility: 'local3',
      errors: 'throw',
    });
    const tag = `tls-${Date.now()}`;
    handler.bind(() => {
      for (let n = 0; n < 5; n++) {
        log.warning(
          'Grüße 👋 {tag} #{n} for {user}',
          { tag, n, user: 'Zoë "z" [x]' },
          { event: 'user.greeted' },
        );
      }
    });
    const lines = await until('five TLS messages', () => {
      const got = server.received().filter((line) => line.includes(tag));
      return got.length >= 5 ? got : undefined;
    });
    expect(handler.isConnected).toBe(true);
    await handler.close();
    expect(lines).toHaveLength(5);
    lines.forEach((line, n) => {
      const [version, app, procid, msgid, pri, sd, ...rest] = line.split('|');
      expect(version).toBe('1'); // rsyslog parsed it as RFC 5424
      expect(app).toBe('shop-api');
      expect(procid).toBe('worker-7');
      expect(msgid).toBe('user.greeted');
      expect(pri).toBe(String(19 * 8 + 4)); // local3.warning
      expect(sd).toBe(
        `[logbook@32473 channel="shop" level="WARNING"][fields@32473 tag="${tag}" n="${n}" user="Zoë \\"z\\" [x\\]"]`,
      );
      expect(rest.join('|').replace(/^\uFEFF/, '')).toBe(`Grüße 👋 ${tag} #${n} for Zoë "z" [x]`);
    });
    expect(handler.errorCount).toBe(0);
  });

  it('the port only speaks TLS: the same frames in plain TCP do not arrive', async () => {
    // Shows that what arrived above came through the encrypted channel, not a plaintext fallback.
    const plain = new SyslogHandler({ transport: 'tcp', port, errors: 'silent' });
    const tag = `plain-${Date.now()}`;
    plain.bind(() => log.info('plaintext {tag}', { tag }));
    await plain.flush();
    const tls = new SyslogHandler({ transport: 'tls', port, tls: { ca }, errors: 'throw' });
    const after = `after-${Date.now()}`;
    tls.bind(() => log.info('encrypted {after}', { after }));
    await until('the TLS message sent after the plaintext one', () => server.find(after));
    await plain.close();
    await tls.close();
    expect(server.find(tag)).toBeUndefined();
  });

  it('verifies the server certificate: an untrusted one fails with a clear report, the app goes on', async () => {
    const other = makeCertificate(dir, 'someone-else');
    const cases = [
      { name: 'a CA that did not sign it', tls: { ca: readFileSync(other.cert) } },
      { name: 'the default trust store', tls: undefined },
      { name: 'a server name it does not carry', tls: { ca, servername: 'db.example.org' } },
    ];
    for (const { name, tls } of cases) {
      const writes: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        writes.push(String(chunk));
        return true;
      });
      const tag = `untrusted-${Date.now()}`;
      const handler = new SyslogHandler({
        transport: 'tls',
        port,
        tls,
        maxQueue: 10,
        reconnectMs: { initial: 50, max: 200 },
      });
      try {
        await until(`a report for ${name}`, () => (handler.errorCount > 0 ? true : undefined));
        // Logging goes on without throwing; records wait in the bounded queue, not on the wire.
        expect(() => handler.bind(() => log.error('secret {tag}', { tag }))).not.toThrow();
        await sleep(300);
      } finally {
        spy.mockRestore();
        await handler.close();
      }
      expect(handler.isConnected, name).toBe(false);
      expect(handler.queued, name).toBe(1);
      const report = writes.join('');
      expect(report, name).toContain(`logbook: SyslogHandler(tls 127.0.0.1:${port}) connecting failed:`);
      expect(report, name).toMatch(
        name.includes('server name') ? /Hostname\/IP does not match|altnames/ : /self[- ]signed certificate/,
      );
      // The report says what to change, not only what OpenSSL saw.
      expect(report, name).toContain("the syslog server's certificate is not trusted");
      expect(report, name).toContain(name.includes('server name') ? '`tls.servername`' : '`tls: { ca }`');
      // Printed once, then counted: the reconnect loop does not flood stderr.
      expect(report.match(/logbook:/g), name).toHaveLength(1);
      expect(server.find(tag), name).toBeUndefined();
    }
  });

  it("under errors: 'throw' a refused certificate reaches the caller's next log call, not an uncaught exception", async () => {
    const handler = new SyslogHandler({
      transport: 'tls',
      port,
      errors: 'throw',
      reconnectMs: { initial: 50, max: 200 },
    });
    try {
      // A throw from the socket's callback would fail this test as an unhandled error.
      await until('the refused handshake', () => (handler.errorCount > 0 ? true : undefined));
      expect(() => handler.bind(() => log.error('after the refusal'))).toThrow(/certificate is not trusted/);
      // Thrown once: the next call goes on (into the bounded queue) until the next failure.
      expect(() => handler.bind(() => log.error('and on'))).not.toThrow();
    } finally {
      await handler.close();
    }
  });

  it('survives an rsyslog restart: what was logged while it was down arrives, within maxQueue', async () => {
    const handler = new SyslogHandler({
      transport: 'tls',
      port,
      tls: { ca },
      maxQueue: 5,
      reconnectMs: { initial: 50, max: 200 },
      errors: 'silent',
    });
    const tag = `restart-${Date.now()}`;
    handler.bind(() => log.info('before restart {tag}', { tag }));
    await until('the first message', () => server.find(`before restart ${tag}`));
    await server.stop();
    await until('the handler to notice', () => (handler.isConnected ? undefined : true));
    handler.bind(() => {
      for (let n = 0; n < 7; n++) log.info('while down {tag} {n}', { tag, n });
    });
    expect(handler.queued).toBe(5);
    expect(handler.dropped).toBe(2);
    await server.start();
    await until('the queued messages', () => server.find(`while down ${tag} 4`));
    handler.bind(() => log.info('after restart {tag}', { tag }));
    await until('a message after the restart', () => server.find(`after restart ${tag}`));
    await handler.close();
    const lines = server.received();
    const down = lines
      .filter((line) => line.includes(`while down ${tag}`))
      .map((line) => line.split(' ').pop());
    expect(down).toEqual(['0', '1', '2', '3', '4']);
    // The overflow is reported once, ahead of the queued records.
    const summary = lines.findIndex((line) =>
      /\|logbook\.dropped\|.*Dropped 2 messages while the syslog server was unreachable/.test(line),
    );
    expect(summary).toBeGreaterThan(-1);
    expect(summary).toBeLessThan(lines.findIndex((line) => line.includes(`while down ${tag} 0`)));
  }, 30_000);
});
