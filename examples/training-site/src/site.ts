// Starts the training site as an application would: Logbook's default setup (JSON lines in the log
// folder, a colour console in development, redaction), the web logbook, the Express app, the listener.

import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { setup, type LevelLike, type LogbookSetup } from 'logbook';
import { createWebLogbook, type WebLogbook } from '@logbook/web';
import { createApp, type SiteApp } from './app.js';

export const SITE_NAME = 'training-site';
export const SITE_VERSION = '0.1.0';

export interface SiteOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Folder of the JSON-lines files (default ./logs). */
  logDir?: string;
  /** Colour console on stderr (default: on unless NODE_ENV=production). */
  console?: boolean;
  /** Lowest level on the console (default INFO). */
  consoleLevel?: LevelLike;
  /** Key of the user and session pseudonyms (default $LOGBOOK_SECRET, else random per process). */
  secret?: string;
}

export interface RunningSite extends SiteApp {
  url: string;
  port: number;
  logDir: string;
  logFile: string;
  server: Server;
  web: WebLogbook;
  logging: LogbookSetup;
  /** Stops accepting requests, writes app.stop, flushes and closes the log files. */
  close(): Promise<void>;
}

/** Thrown when the port is taken: the message says how to pick another. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `Port ${port} on ${host} is already in use (another copy of the site, or another program). ` +
        `Stop it, or choose another port: PORT=${port + 1} npm start`,
    );
  }
}

export async function startSite(options: SiteOptions = {}): Promise<RunningSite> {
  const port = options.port ?? 3000;
  const host = options.host ?? '127.0.0.1';
  const logDir = resolve(options.logDir ?? 'logs');
  const logFile = join(logDir, 'app.jsonl');
  const logging = setup({
    file: logFile,
    app: { name: SITE_NAME, version: SITE_VERSION },
    config: false,
    ...(options.console !== undefined ? { console: options.console } : {}),
    ...(options.consoleLevel !== undefined ? { consoleLevel: options.consoleLevel } : {}),
  });
  const web = createWebLogbook({
    app: { name: SITE_NAME, version: SITE_VERSION },
    trustProxy: 'loopback', // demo setting: see app.ts and docs/training-site.md
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
  });
  const site = createApp(web);
  let server: Server;
  try {
    server = await new Promise<Server>((resolveListen, reject) => {
      const s = site.app.listen(port, host);
      s.once('listening', () => resolveListen(s));
      s.once('error', reject);
    });
  } catch (error) {
    web.close();
    await logging.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, host);
    throw error;
  }
  web.started(server);
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  let closing: Promise<void> | undefined;
  return {
    ...site,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    logDir,
    logFile,
    server,
    web,
    logging,
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        web.stopped();
        web.close();
        await logging.close();
      })();
      return closing;
    },
  };
}
