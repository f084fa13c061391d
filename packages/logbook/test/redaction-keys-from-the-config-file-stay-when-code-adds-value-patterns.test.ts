// A config file can name redaction keys, but not value patterns: JSON holds no regular expressions, so the docs
// send those to setup() in code. Code's `redact` replaced the file's whole, so giving value patterns in code
// dropped every key the file named, and values under those keys were written in clear.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Logger, resolveSetupOptions, setup } from '../src/index.js';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'logbook-redact-config-')), 'logbook.config.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

/** Every record of the daily files in `folder` (whatever day it is when they are written). */
function recordsIn(folder: string): Record<string, unknown>[] {
  return readdirSync(folder)
    .filter((name) => /^app-\d{4}-\d{2}-\d{2}\.jsonl$/.test(name))
    .flatMap((name) => readFileSync(join(folder, name), 'utf8').trim().split('\n'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('redaction settings from a config file and from code', () => {
  it("keep the file's keys when code adds value patterns, and both redact the record", async () => {
    const config = configFile({ redact: { keys: ['tax_id'] } });
    const folder = mkdtempSync(join(tmpdir(), 'logbook-redact-logs-'));
    const logbook = setup({
      config,
      file: join(folder, 'app.jsonl'),
      console: false,
      redact: { values: [/\b\d{4}-\d{4}-\d{4}-\d{4}\b/g] },
    });
    try {
      new Logger('billing').info('invoice', { taxId: '12 345 678', note: 'card 4111-1111-1111-1111' });
    } finally {
      await logbook.close();
    }
    const [record] = recordsIn(folder);
    expect(record!['fields']).toEqual({ taxId: '[redacted]', note: 'card [redacted]' });
  });

  it('take code over the file for each setting, keys from both, and code false turns redaction off', () => {
    const config = configFile({ redact: { keys: ['tax_id'], defaults: false, replacement: '***' } });
    const values = [/secret-\d+/g];
    expect(
      resolveSetupOptions({ config, redact: { keys: ['pin'], replacement: '###', values } }, {}).redact,
    ).toEqual({ keys: ['tax_id', 'pin'], defaults: false, replacement: '###', values });
    expect(resolveSetupOptions({ config }, {}).redact).toEqual({
      keys: ['tax_id'],
      defaults: false,
      replacement: '***',
    });
    expect(resolveSetupOptions({ config, redact: false }, {}).redact).toBe(false);
    const off = configFile({ redact: false });
    expect(resolveSetupOptions({ config: off, redact: { values } }, {}).redact).toEqual({ values });
  });
});
