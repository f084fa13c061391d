import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cli, FIXTURE, tempDir } from './helpers/records.js';

describe('report --html never overwrites a log', () => {
  it('refuses an --html file that is one of the logs read, by name or through a link, before reading them', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    copyFileSync(FIXTURE, join(dir, 'logs', 'access.log'));
    symlinkSync(join(dir, 'logs', 'access.log'), join(dir, 'report.html'));
    const original = readFileSync(FIXTURE, 'utf8');
    const logs = join(dir, 'logs');
    for (const args of [
      ['report', logs, '--html', join(logs, 'access.log')],
      ['report', join(logs, 'access.log'), '--html', join(dir, 'report.html')],
    ]) {
      const r = await cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('is one of the logs being read; writing the report there would destroy it');
      expect(readFileSync(join(logs, 'access.log'), 'utf8')).toBe(original);
    }
    // A folder is refused before the logs are read, not after with EISDIR.
    const folder = await cli(['report', logs, '--html', dir], dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(
      `logbook report: --html ${dir} is a folder: give the file to write, e.g. ${join(dir, 'report.html')}.`,
    );
    const ok = await cli(['report', logs, '--html', 'out.html'], dir);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toContain('<!doctype html>');
  });
});
