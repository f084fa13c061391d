// Redaction that fails on every record writes every secret in clear, so bad redaction settings — from code
// or from a config file — are refused when they are given, with what to write instead.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createRedactor,
  readConfigFile,
  resolveSetupOptions,
  type RedactOptions,
} from '../src/index.js';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'logbook-config-')), 'logbook.config.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('redaction settings', () => {
  it('refuses value patterns that are not regular expressions (what a JSON file can hold)', () => {
    const fromJson = { values: ['\\d{16}'] } as unknown as RedactOptions;
    expect(() => createRedactor(fromJson)).toThrow(
      /Redaction values must be regular expressions.*"\\\\d\{16\}"/,
    );
    expect(() => createRedactor({ keys: [42] } as unknown as RedactOptions)).toThrow(
      /Redaction keys must be names or regular expressions, got 42/,
    );
  });

  it('a config file may name keys, but not value patterns or unknown settings', () => {
    expect(readConfigFile(configFile({ redact: { keys: ['ssn'], replacement: '***' } })).redact).toEqual({
      keys: ['ssn'],
      replacement: '***',
    });
    for (const redact of [{ values: ['\\d{16}'] }, { kees: ['ssn'] }, { keys: [1] }, ['ssn']]) {
      const path = configFile({ redact });
      expect(() => readConfigFile(path)).toThrow(ConfigError);
      expect(() => readConfigFile(path)).toThrow(
        /"redact" in the Logbook config file .* pass them to setup\(\) in code/,
      );
    }
  });

  it('a config file app must be text name, version and env; an empty file path is refused', () => {
    expect(() => readConfigFile(configFile({ app: ['shop'] }))).toThrow(
      /"app" .* must be an object with text "name"/,
    );
    expect(() => readConfigFile(configFile({ app: { name: 5 } }))).toThrow(ConfigError);
    expect(() => readConfigFile(configFile({ file: '' }))).toThrow(/"file" .* must be a path or false/);
    expect(() => resolveSetupOptions({ file: '', config: false }, {})).toThrow(/"file" must be a path/);
  });
});
