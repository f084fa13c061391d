// A private rsyslog for the syslog tests: its own config, ports and output file; the system's rsyslog is never
// touched. Also the small waiting helpers those tests share.

import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { aptInstall } from '../../../../test/support/debian-packages.js';

export const RSYSLOGD = '/usr/sbin/rsyslogd';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 50 ms until it returns a value; fails naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Makes sure rsyslogd is installed, or fails saying how to install it. */
export function ensureRsyslog(): void {
  if (!existsSync(RSYSLOGD)) aptInstall('rsyslog');
  if (!existsSync(RSYSLOGD)) {
    throw new Error(
      'This test needs rsyslog and could not install it. Install it with `apt-get update && apt-get install -y rsyslog` (as root).',
    );
  }
}

/**
 * A private `rsyslogd -n` run with `dir/rsyslog.conf`, whose config writes what it receives to `out`.
 * `ready()` says when it accepts messages.
 */
export class PrivateRsyslog {
  readonly out: string;
  private child: ChildProcess | undefined;

  constructor(
    readonly dir: string,
    private readonly ready: () => Promise<boolean>,
  ) {
    this.out = join(dir, 'received.log');
  }

  /** Starts rsyslog and waits until it is ready; fails with rsyslog's own error output when it does not start. */
  async start(): Promise<void> {
    const config = join(this.dir, 'rsyslog.conf');
    const child = spawn(RSYSLOGD, ['-n', '-f', config, '-i', join(this.dir, 'rsyslog.pid')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) break;
      if (await this.ready()) {
        this.child = child;
        return;
      }
      await sleep(50);
    }
    child.kill('SIGTERM');
    throw new Error(`the private rsyslog (config ${config}) did not start: ${errors}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** The lines rsyslog has written so far. */
  received(): string[] {
    return existsSync(this.out) ? readFileSync(this.out, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** The first received line containing `needle`. */
  find(needle: string): string | undefined {
    return this.received().find((line) => line.includes(needle));
  }
}
