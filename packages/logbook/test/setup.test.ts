import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, Level, Logger, readConfigFile, resolveSetupOptions, setup } from '../src/index.js';
import { assertValidRecord } from './helpers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'logbook-setup-'));

describe('default setup', () => {
  it('writes INFO and up as schema-valid JSON lines, with secrets redacted and app info', async () => {
    const dir = tmp();
    const file = join(dir, 'logs', 'app.jsonl');
    const logbook = setup({
      file,
      console: false,
      config: false,
      app: { name: 'shop', version: '1.2.3', env: 'test' },
    });
    const log = new Logger('app');
    log.debug('hidden');
    log.info('started on {port}', { port: 3000 });
    log.warning('login {user} {password}', { user: 'ann', password: 'hunter2' });
    await logbook.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const records = lines.map(assertValidRecord);
    expect(records[0]).toMatchObject({ message: 'started on 3000', app: { name: 'shop', version: '1.2.3' } });
    expect(lines[1]).not.toContain('hunter2');
  });

  it('warns when a second setup would write every record twice, and closes each once', async () => {
    // Taken in place of Node's printer for this test, so the expected warning does not clutter the test output.
    const warnings: { message: string; code?: string }[] = [];
    const emitWarning = process.emitWarning;
    process.emitWarning = ((message: string, options?: { code?: string }) =>
      warnings.push({ message, code: options?.code })) as typeof process.emitWarning;
    try {
      const first = setup({ file: false, console: false, config: false });
      const second = setup({ file: false, console: false, config: false });
      expect(warnings.map((w) => w.code)).toEqual(['LOGBOOK_SETUP_TWICE']);
      expect(warnings[0]!.message).toMatch(/both write every record.*close\(\) the earlier one first/);
      await expect(first.close()).rejects.toThrow(/Pop in the reverse order/);
      await second.close();
      await second.close(); // a second close does nothing
      await first.close();
      await setup({ file: false, console: false, config: false }).close();
      expect(warnings).toHaveLength(1);
    } finally {
      process.emitWarning = emitWarning;
    }
  });

  it('lets LOGBOOK_LEVEL override the code, and explains a bad value', () => {
    expect(resolveSetupOptions({ level: 'info', config: false }, { LOGBOOK_LEVEL: 'debug' }).level).toBe(
      Level.DEBUG,
    );
    expect(() => resolveSetupOptions({ config: false }, { LOGBOOK_LEVEL: 'chatty' })).toThrow(
      /LOGBOOK_LEVEL=chatty is not a level/,
    );
  });

  it('reads a config file and rejects unknown keys and bad values with the file name', () => {
    const dir = tmp();
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ level: 'warning', console: false, redact: { keys: ['ssn'] } }));
    const resolved = resolveSetupOptions({ config: good }, {});
    expect(resolved.level).toBe(Level.WARNING);
    expect(resolved.console).toBe(false);

    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ levle: 'info' }));
    expect(() => readConfigFile(unknown)).toThrow(ConfigError);
    expect(() => readConfigFile(unknown)).toThrow(/Unknown key "levle".*allowed keys are level/);

    const badLevel = join(dir, 'bad.json');
    writeFileSync(badLevel, JSON.stringify({ level: 'loud' }));
    expect(() => readConfigFile(badLevel)).toThrow(
      /"level" in the Logbook config file .* must be a level name/,
    );

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ level: info');
    expect(() => readConfigFile(broken)).toThrow(/Cannot read the Logbook config file/);
  });
});
