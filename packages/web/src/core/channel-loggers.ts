// The loggers a web logbook writes its own app records through (start, stop, actions): one per channel.

import { Logger } from 'logbook';

export class ChannelLoggers {
  private readonly loggers = new Map<string, Logger>();

  get(channel: string): Logger {
    let logger = this.loggers.get(channel);
    if (logger === undefined) {
      logger = new Logger(channel);
      this.loggers.set(channel, logger);
    }
    return logger;
  }
}
