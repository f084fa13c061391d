// The app.start record when the app says it is listening, and app.stop once when the server closes (or the app
// says it stopped), with the uptime.

import { performance } from 'node:perf_hooks';
import type { Fields } from 'logbook';
import type { ChannelLoggers } from './channel-loggers.js';
import type { ResolvedOptions } from './options.js';
import { START_TEMPLATE, STOP_TEMPLATE, listeningAddress, startFields, type ServerLike } from './startup.js';

export class StartStopRecords {
  private readonly upSince = performance.now();
  private stoppedLogged = false;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly loggers: ChannelLoggers,
  ) {}

  /** Logs app.start (name, version, environment, Node, pid, host, address); app.stop when the server closes. */
  started(server: ServerLike | string | undefined, fields: Fields): void {
    const values = { ...startFields(this.options.appInfo, listeningAddress(server)), ...fields };
    this.loggers.get('app').notice(START_TEMPLATE, values, { event: 'app.start' });
    if (typeof server === 'object' && typeof server.once === 'function')
      server.once('close', () => this.stopped({}));
  }

  /** Logs app.stop once. */
  stopped(fields: Fields): void {
    if (this.stoppedLogged) return;
    this.stoppedLogged = true;
    const uptime = Math.round((performance.now() - this.upSince) / 100) / 10;
    const values = { app: this.options.appInfo.name ?? 'app', uptime_s: uptime, ...fields };
    this.loggers.get('app').notice(STOP_TEMPLATE, values, { event: 'app.stop' });
  }
}
