// Sets level, disabled and a processor for several loggers at once (Python Logbook's LoggerGroup).

import { Level, toLevel, type LevelLike } from './level.js';
import type { Logger } from './logger.js';
import type { ProcessorFunction } from './processor.js';

export interface LoggerGroupOptions {
  level?: LevelLike;
  disabled?: boolean;
  processor?: ProcessorFunction;
}

export class LoggerGroup {
  private readonly members = new Set<Logger>();
  private groupLevel: number;
  private groupDisabled: boolean;
  processor: ProcessorFunction | undefined;

  constructor(loggers: Iterable<Logger> = [], options: LoggerGroupOptions = {}) {
    this.groupLevel = options.level === undefined ? Level.NOTSET : toLevel(options.level);
    this.groupDisabled = options.disabled ?? false;
    this.processor = options.processor;
    for (const logger of loggers) this.add(logger);
  }

  get loggers(): readonly Logger[] {
    return [...this.members];
  }

  get level(): number {
    return this.groupLevel;
  }

  set level(value: LevelLike) {
    this.groupLevel = toLevel(value);
    this.refresh();
  }

  get disabled(): boolean {
    return this.groupDisabled;
  }

  set disabled(value: boolean) {
    this.groupDisabled = value;
    this.refresh();
  }

  add(logger: Logger): void {
    if (logger.group !== undefined && logger.group !== this) logger.group.remove(logger);
    this.members.add(logger);
    logger.attachGroup(this);
  }

  remove(logger: Logger): void {
    if (this.members.delete(logger)) logger.attachGroup(undefined);
  }

  private refresh(): void {
    for (const logger of this.members) logger.refreshFloor();
  }
}
