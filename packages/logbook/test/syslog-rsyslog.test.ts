// SyslogHandler against a real rsyslog: a private instance on loopback ports and a Unix socket, with its
// own config and work folder, writing what it receives to a file this test reads. The system rsyslog is
// never touched.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger, SyslogHandler } from '../src/index.js';
import { PrivateRsyslog, ensureRsyslog, freeTcpPort, freeUdpPort, until } from './support/rsyslog.js';

let dir: string;
let out: string;
let udpPort: number;
let tcpPort: number;
let socketPath: string;
let server: PrivateRsyslog;

/** rsyslog is up when its Unix socket exists and its TCP port accepts a connection. */
async function listening(): Promise<boolean> {
  if (!existsSync(socketPath)) return false;
  return new Promise<boolean>((resolve) => {
    const probe = createConnection({ host: '127.0.0.1', port: tcpPort }, () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

beforeAll(async () => {
  ensureRsyslog();
  dir = mkdtempSync(join(tmpdir(), 'logbook-rsyslog-'));
  mkdirSync(join(dir, 'work'));
  server = new PrivateRsyslog(dir, listening);
  out = server.out;
  socketPath = join(dir, 'syslog.sock');
  udpPort = await freeUdpPort();
  tcpPort = await freeTcpPort();
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}/work")
module(load="imudp")
module(load="imtcp")
module(load="imptcp")
input(type="imudp" address="127.0.0.1" port="${udpPort}")
input(type="imtcp" address="127.0.0.1" port="${tcpPort}")
input(type="imptcp" path="${socketPath}")
template(name="raw" type="string" string="%app-name%|%procid%|%msgid%|%pri%|%structured-data%|%msg%\\n")
action(type="omfile" file="${out}" template="raw" asyncWriting="off" flushOnTXEnd="on")
`,
  );
  await server.start();
}, 60_000);

afterAll(async () => {
  await server.stop();
});

const log = new Logger('shop');

describe('SyslogHandler with rsyslog', () => {
  for (const transport of ['udp', 'tcp', 'unix'] as const) {
    it(`delivers RFC 5424 messages over ${transport} intact: UTF-8, structured data, header fields`, async () => {
      const handler = new SyslogHandler({
        transport,
        // The unix transport gets no port: were the socket path ignored, the message must not arrive over TCP.
        port: transport === 'udp' ? udpPort : transport === 'tcp' ? tcpPort : undefined,
        path: socketPath,
        appName: 'shop-api',
        procId: 'worker-7',
        facility: 'local3',
      });
      const tag = `${transport}-${Date.now()}`;
      handler.bind(() =>
        log.warning(
          'Grüße aus Köln 🚀 {tag} for {user}',
          { tag, user: 'Zoë "z" [x]' },
          { event: 'user.greeted' },
        ),
      );
      await handler.flush();
      const line = await until(`the ${transport} message`, () => server.find(tag));
      await handler.close();
      const [app, procid, msgid, pri, sd, ...rest] = line.split('|');
      expect(app).toBe('shop-api');
      expect(procid).toBe('worker-7');
      expect(msgid).toBe('user.greeted');
      expect(pri).toBe(String(19 * 8 + 4)); // local3.warning
      expect(sd).toBe(
        `[logbook@32473 channel="shop" level="WARNING"][fields@32473 tag="${tag}" user="Zoë \\"z\\" [x\\]"]`,
      );
      expect(rest.join('|').replace(/^\uFEFF/, '')).toBe(`Grüße aus Köln 🚀 ${tag} for Zoë "z" [x]`);
    });
  }

  it('survives an rsyslog restart: reconnects and sends what was queued while it was down', async () => {
    const handler = new SyslogHandler({
      transport: 'tcp',
      port: tcpPort,
      reconnectMs: { initial: 50, max: 200 },
      errors: 'silent',
    });
    handler.bind(() => log.info('before restart {n}', { n: 1 }));
    await until('the first message', () => server.find('before restart 1'));
    await server.stop();
    await until('the handler to notice', () => (handler.isConnected ? undefined : true));
    handler.bind(() => {
      for (let n = 0; n < 5; n++) log.info('while down {n}', { n });
    });
    expect(handler.queued).toBe(5);
    await server.start();
    await until('the queued messages', () => (server.find('while down 4') === undefined ? undefined : true));
    handler.bind(() => log.info('after restart {n}', { n: 2 }));
    await until('a message after the restart', () => server.find('after restart 2'));
    const down = server.received().filter((line) => line.includes('while down'));
    expect(down).toHaveLength(5);
    await handler.close();
  }, 30_000);
});
