// The default setup a small production site wants in one call: records at INFO and up as JSON lines in
// daily files ./logs/app-YYYY-MM-DD.jsonl (./logs/app.jsonl links to the current one), crash capture, a readable console in development, secrets redacted. Everything can also be built
// by hand from the parts; this is a convenience, not a registry.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { captureCrashes } from './capture/crashes.js';
import { JsonFormatter } from './formatters/json.js';
import type { Handler } from './handler.js';
import { StderrHandler } from './handlers/stderr.js';
import { TimedRotatingFileHandler } from './handlers/timed-rotating-file.js';
import { Level, toLevel, UnknownLevelError, type LevelLike } from './level.js';
import { NestedSetup, type SetupMember } from './nested-setup.js';
import { Processor } from './processor.js';
import { RedactProcessor, type RedactOptions } from './redact.js';

export interface AppInfo {
  name?: string;
  version?: string;
  env?: string;
}

export interface SetupOptions {
  /** Lowest level written (default INFO). The environment variable LOGBOOK_LEVEL overrides it. */
  level?: LevelLike;
  /** The JSON-lines file (default './logs/app.jsonl'); false for none. */
  file?: string | false;
  /** A coloured console on stderr (default: on unless NODE_ENV is 'production'). */
  console?: boolean;
  /** Lowest level shown on the console (default: the same as `level`). */
  consoleLevel?: LevelLike;
  /** Redaction settings, or false to turn redaction off (default on). */
  redact?: RedactOptions | false;
  /** Added to every record as `app`. */
  app?: AppInfo;
  /**
   * A JSON config file with the same keys (level, file, console, consoleLevel, redact.keys, app).
   * Default: $LOGBOOK_CONFIG, else ./logbook.config.json when it exists; false to ignore both.
   */
  config?: string | false;
}

export interface LogbookSetup {
  readonly setup: NestedSetup;
  readonly handlers: readonly Handler[];
  /** The options after merging the config file and the environment. */
  readonly options: Readonly<ResolvedSetupOptions>;
  flush(): Promise<void>;
  /** Pops the setup from the application stack and closes its handlers. */
  close(): Promise<void>;
}

export interface ResolvedSetupOptions {
  level: number;
  file: string | false;
  console: boolean;
  consoleLevel: number;
  redact: RedactOptions | false;
  app: AppInfo | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const CONFIG_KEYS = ['level', 'file', 'console', 'consoleLevel', 'redact', 'app'] as const;

/** Reads and checks a config file; throws ConfigError saying what is wrong and where. */
export function readConfigFile(path: string): SetupOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `Cannot read the Logbook config file ${path}: ${(error as Error).message}. ` +
        'It must be a JSON object such as {"level": "info", "file": "./logs/app.jsonl"}.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `The Logbook config file ${path} must hold a JSON object, not ${JSON.stringify(parsed)}.`,
    );
  }
  const config = parsed as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(
        `Unknown key "${key}" in the Logbook config file ${path}: allowed keys are ${CONFIG_KEYS.join(', ')}.`,
      );
    }
  }
  const check = (ok: boolean, key: string, expected: string): void => {
    if (!ok)
      throw new ConfigError(
        `"${key}" in the Logbook config file ${path} must be ${expected}, got ${JSON.stringify(config[key])}.`,
      );
  };
  for (const key of ['level', 'consoleLevel'] as const) {
    if (config[key] === undefined) continue;
    try {
      toLevel(config[key] as LevelLike);
    } catch (error) {
      if (error instanceof UnknownLevelError) check(false, key, 'a level name such as "info" or "warning"');
      throw error;
    }
  }
  if (config.file !== undefined)
    check(
      config.file === false || (typeof config.file === 'string' && config.file !== ''),
      'file',
      'a path or false',
    );
  if (config.console !== undefined) check(typeof config.console === 'boolean', 'console', 'true or false');
  if (config.redact !== undefined) {
    // JSON has no regular expressions: value patterns (`values`) and key patterns can only be given in code.
    const redact = config.redact as Record<string, unknown>;
    const isObject = typeof redact === 'object' && redact !== null && !Array.isArray(redact);
    check(
      config.redact === false ||
        (isObject &&
          Object.keys(redact).every((key) => key === 'keys' || key === 'defaults' || key === 'replacement') &&
          (redact.keys === undefined ||
            (Array.isArray(redact.keys) &&
              redact.keys.every((key) => typeof key === 'string' && key !== ''))) &&
          (redact.defaults === undefined || typeof redact.defaults === 'boolean') &&
          (redact.replacement === undefined || typeof redact.replacement === 'string')),
      'redact',
      'false or an object with "keys" (names), "defaults" (true or false) and "replacement" (text), like ' +
        '{"keys": ["ssn"]}; value patterns need regular expressions, so pass them to setup() in code',
    );
  }
  if (config.app !== undefined) {
    const app = config.app as Record<string, unknown>;
    check(
      typeof app === 'object' &&
        app !== null &&
        !Array.isArray(app) &&
        Object.entries(app).every(
          ([key, value]) =>
            (key === 'name' || key === 'version' || key === 'env') && typeof value === 'string',
        ),
      'app',
      'an object with text "name", "version" and "env", like {"name": "shop", "version": "1.2.0"}',
    );
  }
  return config;
}

/** Merges code options, the config file and the environment: environment > code > file > defaults. */
export function resolveSetupOptions(
  options: SetupOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSetupOptions {
  let fromFile: SetupOptions = {};
  if (options.config !== false) {
    const path =
      options.config ??
      env.LOGBOOK_CONFIG ??
      (existsSync('logbook.config.json') ? 'logbook.config.json' : undefined);
    if (path !== undefined) fromFile = readConfigFile(path);
  }
  const merged: SetupOptions = { ...fromFile, ...definedOnly(options) };
  let level = toLevel(merged.level ?? Level.INFO);
  if (env.LOGBOOK_LEVEL !== undefined && env.LOGBOOK_LEVEL !== '') {
    try {
      level = toLevel(env.LOGBOOK_LEVEL as LevelLike);
    } catch (error) {
      throw new ConfigError(`LOGBOOK_LEVEL=${env.LOGBOOK_LEVEL} is not a level: ${(error as Error).message}`);
    }
  }
  if (merged.file === '') {
    throw new ConfigError(
      `setup() "file" must be a path such as './logs/app.jsonl', or false for no file; got "".`,
    );
  }
  return {
    level,
    file: merged.file ?? './logs/app.jsonl',
    console: merged.console ?? env.NODE_ENV !== 'production',
    consoleLevel: merged.consoleLevel === undefined ? level : toLevel(merged.consoleLevel),
    redact: mergedRedaction(fromFile.redact, options.redact),
    app: merged.app,
  };
}

/**
 * Code's redaction settings over the file's, one by one, with the keys of both: value patterns can only be given
 * in code (JSON holds no regular expressions), and adding them must not drop the keys the file names.
 */
function mergedRedaction(
  fromFile: RedactOptions | false | undefined,
  fromCode: RedactOptions | false | undefined,
): RedactOptions | false {
  if (fromCode === false || fromFile === false || fromFile === undefined) return fromCode ?? fromFile ?? {};
  if (fromCode === undefined) return fromFile;
  const merged = { ...fromFile, ...definedOnly(fromCode) };
  if (fromFile.keys !== undefined && fromCode.keys !== undefined)
    merged.keys = [...fromFile.keys, ...fromCode.keys];
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Setups on the application stack now, to warn when a second one would write every record twice. */
let activeSetups = 0;

/** Builds the default setup and pushes it onto the application stack. */
export function setup(options: SetupOptions = {}): LogbookSetup {
  const resolved = resolveSetupOptions(options);
  if (activeSetups > 0) {
    process.emitWarning(
      'logbook setup() was called while an earlier setup is still on the stack: both write every record. ' +
        'Call setup() once at start-up, or close() the earlier one first.',
      { code: 'LOGBOOK_SETUP_TWICE' },
    );
  }
  const handlers: Handler[] = [];
  const members: SetupMember[] = [];
  if (resolved.file !== false) {
    // Daily files app-YYYY-MM-DD.jsonl beside a link app.jsonl to the current one.
    handlers.push(
      new TimedRotatingFileHandler(resolve(resolved.file), {
        level: resolved.level,
        formatter: new JsonFormatter(),
        bubble: true,
        interval: 'daily',
      }),
    );
  }
  if (resolved.console) handlers.push(new StderrHandler({ level: resolved.consoleLevel, bubble: true }));
  members.push(...handlers);
  if (resolved.app !== undefined) {
    const app = resolved.app;
    // An `app` already set (by code, or by @logbook/web's processor with its environment) is kept.
    members.push(
      new Processor((record) => {
        if (record.context?.app === undefined) record.set('app', app);
      }, 'app'),
    );
  }
  // Redaction is pushed last so it runs first (newest first): later processors see redacted values too.
  if (resolved.redact !== false) members.push(new RedactProcessor(resolved.redact));
  const nested = new NestedSetup(members).pushApplication();
  // Crashes are logged at CRITICAL and every buffer is written before the process ends.
  const uncapture = captureCrashes();
  activeSetups++;
  let closed = false;
  return {
    setup: nested,
    handlers,
    options: resolved,
    flush: () => nested.flush(),
    close: async () => {
      if (closed) return;
      // First, as it throws while something pushed later is still on the stack; then nothing has changed yet.
      nested.popApplication();
      closed = true;
      activeSetups--;
      uncapture();
      await nested.close();
    },
  };
}
