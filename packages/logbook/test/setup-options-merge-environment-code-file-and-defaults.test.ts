// setup()'s options come from four places, and the documented order decides: the environment, then code, then the
// config file (named in code, by LOGBOOK_CONFIG, or ./logbook.config.json), then the defaults. A config file that
// is not what it should be is refused saying which key, what it must be and what it was.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  Level,
  Logger,
  Processor,
  StderrHandler,
  TimedRotatingFileHandler,
  readConfigFile,
  resolveSetupOptions,
  setup,
} from '../src/index.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'logbook-setup-options-'));

function configFile(content: unknown): string {
  const path = join(folder(), 'logbook.config.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('setup options', () => {
  it('default to INFO, ./logs/app.jsonl, a console outside production at the same level, redaction on', () => {
    expect(resolveSetupOptions({ config: false }, {})).toEqual({
      level: Level.INFO,
      file: './logs/app.jsonl',
      console: true,
      consoleLevel: Level.INFO,
      redact: {},
      app: undefined,
    });
    expect(resolveSetupOptions({ config: false }, { NODE_ENV: 'production' }).console).toBe(false);
    expect(resolveSetupOptions({ config: false, level: 'warning' }, {}).consoleLevel).toBe(Level.WARNING);
    expect(resolveSetupOptions({ config: false, consoleLevel: 'debug' }, {}).consoleLevel).toBe(Level.DEBUG);
  });

  it('take code over the file, the file over the defaults, and LOGBOOK_LEVEL over both', () => {
    const path = configFile({
      level: 'warning',
      consoleLevel: 'error',
      console: false,
      file: 'from-file.jsonl',
    });
    const fromFile = resolveSetupOptions({ config: path }, {});
    expect(fromFile).toMatchObject({
      level: Level.WARNING,
      consoleLevel: Level.ERROR,
      console: false,
      file: 'from-file.jsonl',
    });
    // An option left undefined in code does not hide the file's value.
    expect(resolveSetupOptions({ config: path, level: undefined }, {}).level).toBe(Level.WARNING);
    expect(resolveSetupOptions({ config: path, level: 'debug', file: false }, {})).toMatchObject({
      level: Level.DEBUG,
      file: false,
    });
    expect(resolveSetupOptions({ config: path, level: 'debug' }, { LOGBOOK_LEVEL: 'critical' }).level).toBe(
      Level.CRITICAL,
    );
    expect(resolveSetupOptions({ config: path }, { LOGBOOK_LEVEL: '' }).level).toBe(Level.WARNING);
  });

  it('read the file LOGBOOK_CONFIG names, or ./logbook.config.json, unless config is false', () => {
    const named = configFile({ level: 'error' });
    expect(resolveSetupOptions({}, { LOGBOOK_CONFIG: named }).level).toBe(Level.ERROR);
    expect(resolveSetupOptions({ config: false }, { LOGBOOK_CONFIG: named }).level).toBe(Level.INFO);
    const here = configFile({ level: 'notice' });
    const previous = process.cwd();
    process.chdir(join(here, '..'));
    try {
      expect(resolveSetupOptions({}, {}).level).toBe(Level.NOTICE);
      expect(resolveSetupOptions({ config: false }, {}).level).toBe(Level.INFO);
    } finally {
      process.chdir(previous);
    }
  });

  it('refuse a config file that holds no object, or a key of the wrong kind, saying what it must be', () => {
    for (const content of ['[1]', 'null', '"info"']) {
      expect(() => readConfigFile(configFile(content))).toThrow(`must hold a JSON object, not ${content}.`);
    }
    const refused: [unknown, RegExp][] = [
      [{ console: 'yes' }, /"console" in the Logbook config file .* must be true or false, got "yes"/],
      [{ consoleLevel: 'loud' }, /"consoleLevel" in the Logbook config file .* must be a level name/],
      [{ file: 3 }, /"file" .* must be a path or false, got 3/],
      [{ redact: { defaults: 'no' } }, /"redact" .* must be false or an object/],
      [{ redact: { replacement: 5 } }, /"redact" .* must be false or an object/],
      [{ redact: { keys: [''] } }, /"redact" .* must be false or an object/],
      [{ redact: null }, /"redact" .* must be false or an object/],
      [{ app: { name: 'shop', owner: 'ann' } }, /"app" .* must be an object with text "name"/],
      [{ app: null }, /"app" .* must be an object with text "name"/],
    ];
    for (const [content, message] of refused) {
      const path = configFile(content);
      expect(() => readConfigFile(path), JSON.stringify(content)).toThrow(ConfigError);
      expect(() => readConfigFile(path), JSON.stringify(content)).toThrow(message);
    }
  });

  it('accept every documented setting in a config file', () => {
    const content = {
      level: 'debug',
      consoleLevel: 40,
      file: false,
      console: true,
      redact: { keys: ['ssn'], defaults: false, replacement: '***' },
      app: { name: 'shop', version: '1.2.0', env: 'staging' },
    };
    expect(readConfigFile(configFile(content))).toEqual(content);
    expect(readConfigFile(configFile({ redact: false })).redact).toBe(false);
    expect(readConfigFile(configFile({ file: 'logs/a.jsonl' })).file).toBe('logs/a.jsonl');
  });
});

describe('setup()', () => {
  it('builds a daily file and a console, each at its own level, both taking every record', async () => {
    const file = join(folder(), 'app.jsonl');
    const logbook = setup({ file, console: true, level: 'info', consoleLevel: 'error', config: false });
    try {
      const [daily, console] = logbook.handlers;
      expect(daily).toBeInstanceOf(TimedRotatingFileHandler);
      expect(console).toBeInstanceOf(StderrHandler);
      expect(console!.level).toBe(Level.ERROR);
      expect(daily!.level).toBe(Level.INFO);
      expect(daily!.bubble && console!.bubble).toBe(true);
    } finally {
      await logbook.close();
    }
    const nothing = setup({ file: false, console: false, config: false });
    expect(nothing.handlers).toEqual([]);
    await nothing.close();
  });

  it('adds app to every record, keeping an app the code set itself', async () => {
    const file = join(folder(), 'app.jsonl');
    const logbook = setup({ file, console: false, config: false, app: { name: 'shop' } });
    const own = new Processor((record) => {
      if (record.channel === 'worker') record.set('app', { name: 'worker' });
    }).pushApplication();
    try {
      new Logger('web').info('plain');
      new Logger('worker').info('own app');
    } finally {
      own.popApplication();
      await logbook.close();
    }
    const records = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { app?: unknown });
    expect(records.map((record) => record.app)).toEqual([{ name: 'shop' }, { name: 'worker' }]);
  });
});
